//! The dashboard: where the plan stands as a whole, per status and per
//! objective, what is overdue and what moved last. Every figure links to the
//! list filtered to the measures behind it.

use crate::core::french;
use leptos::prelude::*;

use crate::core::briefing::stats::{svg_number, ObjectiveStats, Stats};
use crate::core::briefing::timeline::timeline;
use crate::core::date::french_datetime;
use crate::core::record::status::Status;
use crate::core::view::route::Route;
use crate::core::wording::{self, movements_summary};

use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};
use crate::ui::screens::timeline::{
    Figures, StatusTable, TimelineChart, TimelineLegend, TimelineTable,
};
use crate::ui::screens::widgets::{status_chip, MovementList};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let Ctx { plan, store, today, exchange, .. } = ctx();
    let doc = store.document();
    let stats =
        Memo::new(move |_| doc.with(|d| Stats::compute(plan, d.annotations(), today.get(), 8)));
    let lede = move || stats.with(wording::dashboard_lede);
    view! {
        <main id="contenu" class="page page-dashboard" tabindex="-1">
            <div class="page-head">
                <h1>"Tableau de bord"</h1>
                <div class="button-row">
                    <a class="button" href=Route::plan_deck().to_hash()>
                        "Présenter le point"
                    </a>
                    <a class="button-quiet" href=Route::Report { since: None }.to_hash()>
                        "Relevé par pilote"
                    </a>
                    <a class="button-quiet" href=Route::Handout(Default::default()).to_hash()>
                        "Dossier imprimable"
                    </a>
                </div>
            </div>
            <p class="lede">{lede}</p>
            <p class="muted small">
                {format!(
                    "L’avancement moyen est la moyenne des pourcentages saisis pour les {} \
                     mesures, chacune comptant autant\u{202f}; une mesure sans avancement \
                     saisi compte pour 0\u{a0}%, quel que soit son statut.",
                    plan.measures.len(),
                )}
            </p>
            {move || {
                exchange
                    .moved
                    .get()
                    .map(|m| {
                        view! {
                            <section class="panel baseline-panel" aria-labelledby="titre-depuis">
                                <h2 id="titre-depuis">"Depuis le dernier point"</h2>
                                <p>
                                    <strong>{movements_summary(&m.since, &m.movements)}</strong>
                                </p>
                                <MovementList movements=m.movements />
                            </section>
                        }
                    })
            }}
            <section aria-labelledby="titre-statuts">
                <h2 id="titre-statuts">"Mesures par statut"</h2>
                <StatusCards stats />
            </section>
            <PlanOverTime />
            <section aria-labelledby="titre-objectifs">
                <h2 id="titre-objectifs">"Par objectif"</h2>
                <ObjectiveBars stats />
                <Figures label="Tableau des mesures par objectif et par statut">
                    <ObjectiveTable stats />
                </Figures>
            </section>
            <div class="dashboard-columns">
                <Overdue stats />
                <Recent stats />
            </div>
        </main>
    }
}

/// One card per status: how many, and their share; each opens the list.
#[component]
fn StatusCards(stats: Memo<Stats>) -> impl IntoView {
    let cards = move || {
        let s = stats.get();
        Status::ALL
            .into_iter()
            .map(|status| {
                view! {
                    <li>
                        <a
                            class=format!("stat-card stat-{}", status.id())
                            href=Route::with_status(status).to_hash()
                        >
                            <span class="stat-value">{s.count(status)}</span>
                            <span class="stat-label">{status_chip(status)}</span>
                            <span class="stat-share">
                                {format!("{}\u{a0}%", french::decimal(s.share(status)))}
                            </span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="stat-cards" role="list">
            {cards}
        </ul>
    }
}

/// One bar per objective, a segment per status, each segment a link.
#[component]
fn ObjectiveBars(stats: Memo<Stats>) -> impl IntoView {
    let plan = ctx().plan;
    let bar = move |o: &ObjectiveStats| {
        let objective = plan.objective(o.objective).expect("validated objective");
        let mut x = 0.0;
        let segments = Status::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| o.by_status[*i] > 0)
            .map(|(i, status)| {
                let n = o.by_status[i];
                let width = 1000.0 * n as f64 / o.total.max(1) as f64;
                let label = format!(
                    "Objectif {} — {}\u{a0}: {}",
                    o.objective,
                    status.label(),
                    french::plural(n, "mesure", "mesures")
                );
                let href = Route::with_objective_and_status(o.objective, status).to_hash();
                let start = x;
                x += width;
                let aria = label.clone();
                // Inside <g> the macro builds SVG <a> and <title>, not HTML ones.
                view! {
                    <g>
                        <a href=href aria-label=aria class=format!("bar-link bar-{}", status.id())>
                            <title>{label}</title>
                            <rect
                                x=svg_number(start)
                                y="0"
                                width=svg_number(width)
                                height="48"
                            ></rect>
                            {(width >= 70.0)
                                .then(|| {
                                    view! {
                                        <text
                                            x=svg_number(start + width / 2.0)
                                            y="32"
                                            text-anchor="middle"
                                            aria-hidden="true"
                                        >
                                            {format!("{} {n}", status.symbol())}
                                        </text>
                                    }
                                })}
                        </a>
                    </g>
                }
            })
            .collect_view();
        view! {
            <li class="bar-row">
                <a class="bar-title" href=Route::with_objective(o.objective).to_hash()>
                    <span class="bar-number">{format!("Objectif {}", o.objective)}</span>
                    {objective.short_title.clone()}
                </a>
                <svg
                    class="bar"
                    viewBox="0 0 1000 48"
                    role="group"
                    aria-label=format!(
                        "Répartition des {} mesures de l’objectif {} par statut",
                        o.total,
                        o.objective,
                    )
                >
                    {segments}
                </svg>
                <span class="bar-mean">
                    {format!("{}\u{a0}% en moyenne", french::decimal(o.mean_progress))}
                </span>
            </li>
        }
    };
    view! {
        <ul class="bars" role="list">
            {move || stats.with(|s| s.per_objective.iter().map(bar).collect_view())}
        </ul>
    }
}

/// The bars' figures as a table.
#[component]
fn ObjectiveTable(stats: Memo<Stats>) -> impl IntoView {
    let plan = ctx().plan;
    move || {
        let rows = stats.with(|s| {
            s.per_objective
                .iter()
                .map(|o| {
                    let title = plan.objective(o.objective).map_or("", |x| x.short_title.as_str());
                    (format!("{}. {title}", o.objective), o.by_status, o.mean_progress)
                })
                .collect()
        });
        let caption = "Mesures par objectif et par statut".to_owned();
        view! { <StatusTable caption first="Objectif" rows /> }
    }
}

/// `Mesure 17 — Titre court`, the number a link.
fn measure_link(n: u16) -> impl IntoView {
    let title = ctx().plan.measure(n).map_or(String::new(), |m| m.short_title.clone());
    view! {
        <a href=Route::Measure(n).to_hash()>{format!("Mesure {n}")}</a>
        " — "
        {title}
    }
}

#[component]
fn Overdue(stats: Memo<Stats>) -> impl IntoView {
    let list = move || {
        let overdue = stats.with(|s| s.overdue.clone());
        if overdue.is_empty() {
            return view! {
                <p class="muted">
                    "Aucune mesure en retard\u{a0}: aucune échéance dépassée sur une mesure ouverte."
                </p>
            }
            .into_any();
        }
        let items = overdue
            .into_iter()
            .map(|(n, due)| {
                view! {
                    <li>
                        {measure_link(n)}
                        <span class="overdue">
                            {format!(" · échéance dépassée le {}", due.french())}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="plain-list" role="list">
                {items}
            </ul>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="titre-retard">
            <h2 id="titre-retard">"En retard"</h2>
            {list}
        </section>
    }
}

#[component]
fn Recent(stats: Memo<Stats>) -> impl IntoView {
    let doc = ctx().store.document();
    let list = move || {
        let recent = stats.with(|s| s.recent.clone());
        if recent.is_empty() {
            return view! {
                <p class="muted">
                    "Aucune mesure annotée pour l’instant. \
                     Ouvrez une mesure pour renseigner son statut."
                </p>
            }
            .into_any();
        }
        let items = recent
            .into_iter()
            .map(|(n, at)| {
                let status = doc.with_untracked(|d| d.annotations().status_of(n));
                view! {
                    <li>
                        {measure_link(n)}" · "{status_chip(status)}
                        <span class="muted">
                            {format!(" · {}", french_datetime(at.ms, &zone))}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="plain-list" role="list">
                {items}
            </ul>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="titre-recents">
            <h2 id="titre-recents">"Mises à jour récentes"</h2>
            {list}
        </section>
    }
}

/// The plan month by month since its first change: measures per status and
/// the average progress, with the figures in a table.
#[component]
fn PlanOverTime() -> impl IntoView {
    let Ctx { plan, store, today, .. } = ctx();
    let all: Vec<u16> = plan.measures.iter().map(|m| m.number).collect();
    let points =
        Memo::new(move |_| store.document().with(|d| timeline(plan, d, &all, today.get(), &zone)));
    view! {
        <section aria-labelledby="titre-temps">
            <h2 id="titre-temps">"Le plan dans le temps"</h2>
            <p class="muted small">
                "Chaque mois, les mesures par statut à la fin du mois (barres, échelle de gauche) \
                 et l’avancement moyen (ligne pointillée, échelle de droite), d’après l’historique \
                 des changements."
            </p>
            {move || view! { <TimelineChart points=points.get() id="temps-tableau" height=300 /> }}
            <TimelineLegend id="temps-tableau" />
            <Figures label="Tableau du plan mois par mois">
                {move || {
                    view! {
                        <TimelineTable
                            points=points.get()
                            caption="Mesures par statut et avancement moyen, mois par mois"
                                .to_owned()
                        />
                    }
                }}
            </Figures>
        </section>
    }
}
