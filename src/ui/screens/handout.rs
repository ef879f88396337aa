//! The printable handout (`#/dossier`): the whole plan, the list's current
//! selection or only the points of attention, each measure with its status,
//! progress, pilote, due date (marked when overdue), notes, latest comment
//! and evidence. The print stylesheet makes it a compact A4 document whose
//! footer carries the date and « page N / M ».

use crate::core::french;
use leptos::prelude::*;

use crate::core::briefing::deck::needing_attention;
use crate::core::briefing::stats::Stats;
use crate::core::briefing::timeline::timeline;
use crate::core::plan::{Measure, MeasureNo};
use crate::core::record::annotations::Annotation;
use crate::core::record::document::Document;
use crate::core::view::listing;
use crate::core::view::route::{Handout, Route, Sort};
use crate::core::wording::{self, selection_summary};

use crate::core::date::{french_datetime, IsoDate};
use crate::core::plan::reading::typeset_all;
use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};
use crate::ui::lazy;
use crate::ui::screens::timeline::{TimelineChart, TimelineLegend};
use crate::ui::screens::widgets::{measure_text, progress_bar, status_chip};

#[component]
pub fn HandoutPage() -> impl IntoView {
    let Ctx { plan, index, router, store, today, thesaurus, .. } = ctx();
    let route = router.route();
    let what = Memo::new(move |_| match route.get() {
        Route::Handout(what) => what,
        _ => Handout::Plan,
    });
    // The measures printed, in the order printed, and whether they go under
    // their objectives (plan order) or in one run (another sort).
    let chosen = Memo::new(move |_| {
        let today = today.get();
        store.document().with(|d| match what.get() {
            Handout::Plan => (plan.measures.iter().map(|m| m.number).collect(), true),
            Handout::Attention => (needing_attention(plan, d.annotations(), today), true),
            Handout::Selection(state) => {
                let facts = listing::facts(plan, d.annotations(), d.team(), today);
                let query = lazy::query(index, &state.query, thesaurus.get());
                let listed = listing::compute(plan, index, &state, &query, &facts);
                (listed.visible, state.sort == Sort::Number && !listed.ranked)
            }
        })
    });
    let content = move || {
        let today = today.get();
        let (measures, by_objective) = chosen.get();
        store.document().with(|d| {
            // Grouped as the list groups them.
            let body = listing::groups(plan, &measures, by_objective)
                .into_iter()
                .map(|(objective, numbers)| {
                    let heading = objective.and_then(|o| plan.objective(o)).map(
                        |o| view! { <h2>{format!("Objectif {} — {}", o.number, o.title)}</h2> },
                    );
                    let cards = numbers
                        .iter()
                        .filter_map(|&n| plan.measure(n))
                        .map(|m| measure_card(m, d, today))
                        .collect_view();
                    view! { <section class="handout-objective">{heading} {cards}</section> }
                })
                .collect_view();
            // The whole plan's dossier shows it over time, in black and
            // white as well as in colour (hatched statuses, dashed line).
            let over_time = (what.get() == Handout::Plan).then(|| {
                let points = timeline(plan, d, &measures, today, &zone);
                view! {
                    <section class="handout-over-time" aria-labelledby="titre-dossier-temps">
                        <h2 id="titre-dossier-temps">"Le plan dans le temps"</h2>
                        <TimelineChart points id="temps-dossier" height=240 />
                        <TimelineLegend id="temps-dossier" />
                    </section>
                }
            });
            view! {
                {cover(d, &measures, what.get(), today)}
                {over_time}
                {measures
                    .is_empty()
                    .then(|| {
                        view! {
                            <p class="handout-empty">
                                {match what.get() {
                                    Handout::Attention => {
                                        "Aucune mesure en difficulté ni en retard."
                                    }
                                    _ => "Aucune mesure ne correspond à cette sélection.",
                                }}
                            </p>
                        }
                    })}
                {body}
            }
        })
    };
    print_footer(today.get_untracked().french());
    view! {
        <main id="contenu" class="page page-handout" tabindex="-1">
            <div class="no-print handout-toolbar">
                <nav aria-label="Contenu du dossier" class="handout-choice">
                    {move || choices(what.get())}
                </nav>
                <p class="muted">
                    {move || {
                        let n = chosen.with(|(m, _)| m.len());
                        format!(
                            "{} avec vos annotations, prêt à imprimer ou à enregistrer en PDF (A4).",
                            french::plural(n, "mesure", "mesures"),
                        )
                    }}
                </p>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        window().print().ok();
                    }
                >
                    "Imprimer / PDF"
                </button>
            </div>
            {content}
        </main>
    }
}

/// The footer of every printed page: the date on the left (« page N / M »
/// is in the stylesheet). A rule added through the CSSOM, since the CSP
/// refuses inline styles, and taken out when the screen goes; only fixed
/// words and the date go in, never user text.
fn print_footer(date: String) {
    use wasm_bindgen::JsCast;
    let sheet = || {
        document().style_sheets().get(0).and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
    };
    let Some(main) = sheet() else { return };
    let rule = format!("@page {{ @bottom-left {{ content: \"Vigie — dossier du {date}\"; }} }}");
    let end = main.css_rules().map_or(0, |r| r.length());
    let Ok(at) = main.insert_rule_with_index(&rule, end) else { return };
    on_cleanup(move || {
        if let Some(main) = sheet() {
            drop(main.delete_rule(at));
        }
    });
}

/// The three things a handout can print, as links (the current one marked).
fn choices(current: Handout) -> impl IntoView {
    let mut options =
        vec![(Handout::Plan, "Tout le plan"), (Handout::Attention, "Points d’attention")];
    if let Handout::Selection(_) = &current {
        options.push((current.clone(), "La sélection de la liste"));
    }
    options
        .into_iter()
        .map(|(what, label)| {
            let here = what == current;
            view! {
                <a
                    class="button-quiet"
                    href=Route::Handout(what).to_hash()
                    aria-current=here.then_some("page")
                >
                    {label}
                </a>
            }
        })
        .collect_view()
}

/// The head of the document: what it is, when and by whom, and its figures,
/// in a few lines (no page of its own).
fn cover(d: &Document, measures: &[MeasureNo], what: Handout, today: IsoDate) -> AnyView {
    let plan = ctx().plan;
    let author = d.author().display();
    let (heading, summary) = match what {
        Handout::Plan => {
            let stats = Stats::compute(plan, d.annotations(), today, 0);
            ("Tout le plan".to_owned(), wording::plan_summary(&stats))
        }
        Handout::Selection(_) => (
            "Sélection".to_owned(),
            format!(
                "{}.",
                selection_summary(&Stats::of_selection(plan, d.annotations(), today, measures))
            ),
        ),
        Handout::Attention => (
            "Points d’attention".to_owned(),
            format!(
                "{} en difficulté ou dont l’échéance est passée.",
                french::plural(measures.len(), "mesure", "mesures"),
            ),
        ),
    };
    view! {
        <header class="handout-cover">
            <p class="eyebrow">
                {format!("Dossier établi le {} par ", today.french_long())} <bdi>{author}</bdi>
            </p>
            <h1>{plan.title.clone()}</h1>
            <p class="handout-lede">
                {format!(
                    "Présenté le {} à {} — {heading}",
                    plan.date.french_long(),
                    plan.place,
                )}
            </p>
            <p class="handout-summary">{summary}</p>
        </header>
    }
    .into_any()
}

/// One measure as printed.
fn measure_card(m: &'static Measure, d: &Document, today: IsoDate) -> AnyView {
    let a = d.annotation(m.number).cloned().unwrap_or_else(|| Annotation::new(m));
    let late = a.is_overdue(today);
    let comment = a.latest_comment().map(|(change, text)| {
        format!(
            "Dernier commentaire, de {} le {}\u{a0}: {}",
            change.by,
            french_datetime(change.at.ms, &zone),
            french::quoted(text)
        )
    });
    let links = a
        .links()
        .iter()
        .map(|l| {
            let label = (l.label.trim() != l.url.trim() && !l.label.trim().is_empty())
                .then(|| format!("{}\u{a0}: ", l.label));
            view! { <li>{label} <bdi class="handout-url">{l.url.clone()}</bdi></li> }
        })
        .collect_view();
    let has_links = !a.links().is_empty();
    view! {
        <article class="handout-measure">
            <h3>{format!("Mesure {} — {}", m.number, typeset_all(&m.short_title))}</h3>
            <p class="handout-text">{measure_text(m)}</p>
            <p class="handout-facts">
                {status_chip(a.status())} {progress_bar(a.progress())}
                <span>
                    "Pilote\u{a0}: "
                    <bdi>
                        {if a.pilote().is_empty() {
                            "—".to_owned()
                        } else {
                            a.pilote().to_owned()
                        }}
                    </bdi>
                </span>
                <span class:overdue=late>
                    "Échéance\u{a0}: " {a.due().map_or("—".to_owned(), |d| d.french())}
                    {late.then_some(" ⚠\u{a0}en retard")}
                </span>
            </p>
            {(!a.notes().trim().is_empty())
                .then(|| {
                    view! {
                        <p class="handout-notes" dir="auto">
                            "Notes\u{a0}: "
                            {a.notes().to_owned()}
                        </p>
                    }
                })}
            {comment
                .map(|c| {
                    view! {
                        <p class="handout-comment" dir="auto">
                            {c}
                        </p>
                    }
                })}
            {has_links
                .then(|| {
                    view! {
                        <div class="handout-links">"Justificatifs\u{a0}:" <ul>{links}</ul></div>
                    }
                })}
        </article>
    }
    .into_any()
}
