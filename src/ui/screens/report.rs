//! The « Relevé » screen: per pilote, their measures, the last change to
//! each, whether it moved since the reference (« Comparer avec… ») or a
//! date the user picks, what is overdue; who has not reported first. Each
//! pilote can be reminded by mail (the user's own client: nothing is sent
//! by Vigie) and given the CSV of their measures to fill in.

use leptos::prelude::*;

use crate::core::briefing::report::{reminder, report, since_words, summary, Group, Who};
use crate::core::date::{french_datetime, IsoDate};
use crate::core::french::plural;
use crate::core::view::route::Route;

use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};
use crate::ui::download::export_csv;
use crate::ui::router::History;

/// Without a reference nor a date: a month back.
const DEFAULT_DAYS: i64 = 30;

#[component]
pub fn ReportPage() -> impl IntoView {
    let Ctx { plan, store, today, exchange, router, .. } = ctx();
    let since = Memo::new(move |_| match router.route().get() {
        Route::Report { since } => since,
        _ => None,
    });
    // The instant compared with, and how to say it.
    let reference = Memo::new(move |_| {
        let reference = exchange.reference();
        match (since.get(), reference) {
            (Some(date), _) => (date.start(&zone), since_words(None, &date.french())),
            (None, Some(r)) => (
                r.written_at,
                since_words(Some(&r.file_name), &IsoDate::of_instant(r.written_at, &zone).french()),
            ),
            (None, None) => {
                let ms = today.get().start(&zone) - DEFAULT_DAYS * 86_400_000;
                (ms, since_words(None, &IsoDate::of_instant(ms, &zone).french()))
            }
        }
    });
    let groups = Memo::new(move |_| {
        let (ms, _) = reference.get();
        store.document().with(|d| report(plan, d, ms, today.get()))
    });
    let date_shown = move || IsoDate::of_instant(reference.get().0, &zone).french();
    let pick = move |ev: leptos::ev::Event| {
        let since = IsoDate::parse(&event_target_value(&ev));
        router.go(Route::Report { since }, History::Replace);
    };
    let no_team = move || store.document().with(|d| d.team().is_empty());
    view! {
        <main id="contenu" class="page page-report" tabindex="-1">
            <div class="page-head">
                <h1>"Relevé par pilote"</h1>
                <div class="button-row">
                    <a class="button-quiet" href=Route::Dashboard.to_hash()>
                        "Tableau de bord"
                    </a>
                </div>
            </div>
            <p class="lede">
                {move || {
                    format!(
                        "Qui a mis à jour ses mesures {}. Les pilotes sans mise à jour viennent \
                         en premier.",
                        reference.get().1,
                    )
                }}
            </p>
            <div class="report-since">
                <label for="releve-depuis">"Mises à jour depuis le"</label>
                <input
                    type="date"
                    id="releve-depuis"
                    prop:value=move || IsoDate::of_instant(reference.get().0, &zone).to_string()
                    on:change=pick
                />
                <Show when=move || since.get().is_some() && exchange.reference().is_some()>
                    <a class="button-quiet" href=Route::Report { since: None }.to_hash()>
                        "Revenir à la référence"
                    </a>
                </Show>
            </div>
            <Show when=no_team>
                <p class="muted">
                    "L’annuaire de l’équipe est vide\u{a0}: les pilotes sont regroupés tels \
                     qu’ils sont écrits. "
                    <a href=Route::Settings { back: None }.to_hash()>"Compléter l’annuaire"</a>
                </p>
            </Show>
            <p class="report-summary" role="status">
                <strong>{move || groups.with(|g| summary(g, &date_shown()))}</strong>
            </p>
            <Overview groups since=Signal::derive(date_shown) />
            {move || {
                groups
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, group)| view! { <GroupPanel index=i group since=date_shown() /> })
                    .collect_view()
            }}
        </main>
    }
}

/// One pilote's part of the « Relevé ».
#[component]
fn GroupPanel(index: usize, group: Group, since: String) -> impl IntoView {
    let Ctx { plan, .. } = ctx();
    let heading = format!("releve-{index}");
    let labelled_by = heading.clone();
    let state = match (group.lines.len(), group.updated()) {
        (0, _) => "Aucune mesure pilotée".to_owned(),
        (_, 0) => "Aucune mise à jour".to_owned(),
        (n, u) => crate::core::wording::updated_of(u, n),
    };
    let silent = group.silent() && !group.lines.is_empty();
    let kind = match &group.who {
        Who::Service { .. } => "Service de l’annuaire",
        Who::Pilote { .. } => "Pilote hors annuaire",
    };
    let last = group.last().map(|(at, by)| {
        format!("Dernière modification le {} par {by}.", french_datetime(at.ms, &zone))
    });
    let page = window().location().href().unwrap_or_default();
    let page = page.split('#').next().unwrap_or_default().to_owned();
    let mail = reminder(plan, &group, &page, &since);
    let measures: Vec<u16> = group.lines.iter().map(|l| l.measure).collect();
    let list = Route::List(group.who.list()).to_hash();
    let export_said = RwSignal::new(None::<crate::ui::download::Exported>);
    let name = group.who.name().to_owned();
    let rows = group
        .lines
        .iter()
        .map(|line| {
            let m = plan.measure(line.measure);
            let title = m.map(|m| m.short_title.clone()).unwrap_or_default();
            let last = line.last.as_ref().map_or_else(
                || "—".to_owned(),
                |(at, by)| format!("{} · {by}", french_datetime(at.ms, &zone)),
            );
            view! {
                <tr class:report-stale=!line.updated>
                    <th scope="row">
                        <a href=Route::Measure(line.measure)
                            .to_hash()>{format!("{}. ", line.measure)} {title}</a>
                    </th>
                    <td>{last}</td>
                    <td>{if line.updated { "✓ oui" } else { "— non" }}</td>
                    <td>
                        {line
                            .overdue
                            .map(|d| format!("⚠ en retard (échéance du {})", d.french()))
                            .unwrap_or_default()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel report-group" class:report-silent=silent aria-labelledby=labelled_by>
            <h2 id=heading>
                <bdi>{name.clone()}</bdi>
                " "
                <span class="report-state">{state}</span>
            </h2>
            <p class="muted small">
                {kind} {format!(" · {}", plural(group.lines.len(), "mesure", "mesures"))}
                {group.overdue().gt(&0).then(|| format!(" · {} en retard", group.overdue()))}
            </p>
            {last.map(|l| view! { <p>{l}</p> })}
            {(!group.lines.is_empty())
                .then(|| {
                    view! {
                        <table class="report-table">
                            <caption class="visually-hidden">
                                {format!("Mesures pilotées par {name}")}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Mesure"</th>
                                    <th scope="col">"Dernière modification"</th>
                                    <th scope="col">{format!("Mise à jour depuis le {since}")}</th>
                                    <th scope="col">"Échéance"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <div class="button-row">
                            <a class="button" href=mail>
                                "Relancer"
                                <span class="visually-hidden">{format!(" {name}")}</span>
                            </a>
                            <button
                                type="button"
                                class="button-quiet"
                                on:click=move |_| export_said.set(Some(export_csv(&measures)))
                            >
                                "Exporter pour ce pilote"
                                <span class="visually-hidden">{format!(" ({name}, CSV)")}</span>
                            </button>
                            <a class="button-quiet" href=list>
                                "Voir dans la liste"
                                <span class="visually-hidden">{format!(" ({name})")}</span>
                            </a>
                        </div>
                        {crate::ui::screens::exchange::export_outcome(export_said)}
                    }
                })}
        </section>
    }
}

/// Every pilote in one table, in the order of the panels below: what a
/// coordinator reads first, and shows in the room.
#[component]
fn Overview(groups: Memo<Vec<Group>>, since: Signal<String>) -> impl IntoView {
    let rows = move || {
        groups
            .get()
            .into_iter()
            .map(|g| {
                let total = g.lines.len();
                let updated = g.updated();
                let state = if total == 0 {
                    "—".to_owned()
                } else if updated == 0 {
                    format!("⚠ aucune sur {total}")
                } else {
                    format!("{updated} sur {total}")
                };
                let stale = g.silent() && total > 0;
                let last = g
                    .last()
                    .map(|(at, _)| french_datetime(at.ms, &zone))
                    .unwrap_or_else(|| "—".to_owned());
                let overdue = match g.overdue() {
                    0 => "—".to_owned(),
                    n => n.to_string(),
                };
                view! {
                    <tr class:report-stale=stale>
                        <th scope="row">
                            <bdi>{g.who.name().to_owned()}</bdi>
                        </th>
                        <td>{state}</td>
                        <td>{overdue}</td>
                        <td>{last}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="report-table report-overview">
            <caption>"Vue d’ensemble"</caption>
            <thead>
                <tr>
                    <th scope="col">"Pilote"</th>
                    <th scope="col">
                        {move || format!("Mesures à jour depuis le {}", since.get())}
                    </th>
                    <th scope="col">"En retard"</th>
                    <th scope="col">"Dernière modification"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
