//! The printable handout (`#/dossier`): a cover with the overall state, then
//! every objective with its measures, status, progress, pilote, due date and
//! notes. The print stylesheet turns it into a clean A4 document.

use leptos::prelude::*;

use crate::core::annotations::Annotation;
use crate::core::stats::{french_decimal, Stats};
use crate::core::status::Status;

use super::context::{ctx, Ctx};
use super::widgets::{measure_text, progress_bar, status_chip};
use crate::core::reading::typeset_all;

#[component]
pub fn HandoutPage() -> impl IntoView {
    let Ctx { plan, store, today, .. } = ctx();
    let content = move || {
        let today = today.get();
        store.document().with(|d| {
            let stats = Stats::compute(plan, d.annotations(), today, 0);
            let author = d.author().display();
            let objectives = plan
                .objectives
                .iter()
                .map(|o| {
                    let measures = plan
                        .measures_of(o.number)
                        .map(|m| {
                            let a = d
                                .annotation(m.number)
                                .cloned()
                                .unwrap_or_else(|| Annotation::new(m));
                            view! {
                                <article class="handout-measure">
                                    <h3>
                                        {format!(
                                            "Mesure {} — {}",
                                            m.number,
                                            typeset_all(&m.short_title),
                                        )}
                                    </h3>
                                    <p class="handout-text">{measure_text(m)}</p>
                                    <p class="handout-facts">
                                        {status_chip(a.status())} {progress_bar(a.progress())}
                                        <span>
                                            "Pilote\u{202f}: "
                                            {if a.pilote().is_empty() {
                                                "—".to_owned()
                                            } else {
                                                a.pilote().to_owned()
                                            }}
                                        </span>
                                        <span>
                                            "Échéance\u{202f}: "
                                            {a.due().map_or("—".to_owned(), |d| d.french())}
                                        </span>
                                    </p>
                                    {(!a.notes().trim().is_empty())
                                        .then(|| {
                                            view! {
                                                <p class="handout-notes">
                                                    "Notes\u{202f}: "{a.notes().to_owned()}
                                                </p>
                                            }
                                        })}
                                </article>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="handout-objective">
                            <h2>{format!("Objectif {} — {}", o.number, o.title)}</h2>
                            {measures}
                        </section>
                    }
                })
                .collect_view();
            view! {
                <section class="handout-cover">
                    <p class="eyebrow">
                        {format!("Dossier établi le {} par {author}", today.french_long())}
                    </p>
                    <h1>{plan.title.clone()}</h1>
                    <p class="lede">
                        {format!("Présenté le {} à {}", plan.date.french_long(), plan.place)}
                    </p>
                    <table class="data-table">
                        <caption>"État d’avancement"</caption>
                        <tbody>
                            {Status::ALL
                                .into_iter()
                                .map(|s| {
                                    let share = french_decimal(stats.share(s));
                                    view! {
                                        <tr>
                                            <th scope="row">{status_chip(s)}</th>
                                            <td>{stats.count(s)}</td>
                                            <td>{format!("{share}\u{a0}%")}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()} <tr>
                                <th scope="row">"Avancement moyen"</th>
                                <td colspan="2">
                                    {format!("{}\u{a0}%", french_decimal(stats.mean_progress))}
                                </td>
                            </tr>
                        </tbody>
                    </table>
                </section>
                {objectives}
            }
        })
    };
    view! {
        <main id="contenu" class="page page-handout" tabindex="-1">
            <div class="no-print handout-toolbar">
                <p class="muted">
                    "Ce dossier reprend tout le plan et vos annotations, \
                     prêt à imprimer ou à enregistrer en PDF (format A4)."
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
