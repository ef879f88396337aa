//! One measure on its own page: its objective, full text with acronyms
//! expanded on hover and focus, tags, the glossary entries it uses, links to
//! the previous and next measures; and where it stands: the tracking form
//! (saved as you type), its conflicts to settle, and the history of every
//! change, each of which can be commented or gone back to.
//!
//! The page itself is here; [`tracking`] holds the form, [`history`] the
//! conflicts, the kept drafts and the timeline (split off into the
//! `historique` chunk).

mod history;
mod tracking;

use crate::core::french;
use leptos::prelude::*;

use crate::core::plan::reading::{typeset_all, Marks};
use crate::core::plan::{Erratum, GlossarySource, MeasureNo, TextPart};
use crate::core::record::annotations::{Annotation, Field};
use crate::core::view::route::Facet;

use crate::core::view::route::Route;
use crate::ui::context::{ctx, Ctx};
use crate::ui::screens::widgets::{filter_href, plan_text, Tags};
pub use history::{Conflicts, History, KeptDrafts};
use tracking::{Refusals, Tracking, TrackingBar};

#[component]
pub fn MeasurePage(number: MeasureNo) -> impl IntoView {
    let plan = ctx().plan;
    let Some(measure) = plan.measure(number) else {
        return view! {
            <main id="contenu" class="page" tabindex="-1">
                <h1>"Mesure introuvable"</h1>
                <p>
                    {format!(
                        "Le plan compte {} mesures\u{202f}; il n’y a pas de mesure {number}.",
                        plan.measures.len(),
                    )}
                </p>
                <p>
                    <a href=Route::default().to_hash()>"Revenir au plan"</a>
                </p>
            </main>
        }
        .into_any();
    };
    // One line for every refused edit of the page, whichever part made it
    // (the form, a conflict, the history, a kept draft); the form shows it.
    provide_context(Refusals(RwSignal::new(None)));
    let objective =
        plan.objective(measure.objective).expect("validated: every measure has its objective");
    let errata: Vec<&Erratum> = plan.errata_in(TextPart::Measure(number)).collect();
    let text = plan_text(
        &measure.text,
        Marks { acronyms: &plan.acronym_spans(measure), errata: &errata, ..Marks::default() },
    );
    let slips = (!errata.is_empty()).then(|| {
        let items = errata
            .iter()
            .map(|e| {
                view! {
                    <li>
                        {format!(
                            "{}\u{a0}: lire {}",
                            french::quoted(&typeset_all(&e.excerpt)),
                            french::quoted(&typeset_all(&e.correction)),
                        )}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="errata" aria-labelledby="coquilles">
                <h2 id="coquilles">"Coquilles du texte source"</h2>
                <p class="muted">
                    "Le texte ci-dessus reste celui du plan, marqué [sic] là où il se trompe."
                </p>
                <ul>{items}</ul>
            </section>
        }
    });
    let previous = plan.measure(number - 1).map(|m| (m.number, m.short_title.clone()));
    let next = plan.measure(number + 1).map(|m| (m.number, m.short_title.clone()));
    let glossary = measure
        .acronyms
        .iter()
        .map(|&g| {
            let entry = &plan.glossary[g];
            let source = match entry.source {
                GlossarySource::Plan => "",
                GlossarySource::Usage => " (développement usuel, absent du texte)",
            };
            view! {
                <div>
                    <dt>
                        <abbr title=entry.expansion.clone()>{entry.term.clone()}</abbr>
                    </dt>
                    <dd>
                        {entry.expansion.clone()} <span class="muted">{source}</span>
                        {entry
                            .note
                            .as_deref()
                            .map(|n| {
                                view! {
                                    " "
                                    <span class="note">{typeset_all(n)}</span>
                                }
                            })}
                    </dd>
                </div>
            }
        })
        .collect_view();

    view! {
        <main id="contenu" class="page page-measure" tabindex="-1">
            <div class="measure-layout">
                <div class="measure-main">
                    <nav class="breadcrumb" aria-label="Fil d’Ariane">
                        <ol>
                            <li>
                                <a href=Route::default().to_hash()>"Le plan"</a>
                            </li>
                            <li>
                                <a href=filter_href(
                                    Facet::Objective,
                                    &objective.number.to_string(),
                                )>{format!("Objectif {}", objective.number)}</a>
                            </li>
                            <li aria-current="page">{format!("Mesure {number}")}</li>
                        </ol>
                    </nav>
                    <article class="measure-full" id=format!("mesure-{number}")>
                        <p class="eyebrow">
                            {format!(
                                "Objectif {} · {}",
                                objective.number,
                                typeset_all(&objective.title),
                            )}
                        </p>
                        <h1>
                            <span class="measure-number">{format!("Mesure {number}")}</span>
                            <span class="measure-heading-title">
                                {typeset_all(&measure.short_title)}
                            </span>
                        </h1>
                        <TrackingBar number />
                        <blockquote class="measure-text measure-text-full">
                            <p>{text}</p>
                        </blockquote>
                        {slips}
                        <Tags measure />
                        {(!measure.acronyms.is_empty())
                            .then(|| {
                                view! {
                                    <section class="acronyms" aria-labelledby="sigles">
                                        <h2 id="sigles">"Sigles employés"</h2>
                                        <dl>{glossary}</dl>
                                    </section>
                                }
                            })}
                    </article>
                    <crate::ui::lazy::Conflicts number />
                    <crate::ui::lazy::History number />
                </div>
                <Tracking number />
            </div>
            <nav class="pager" aria-label="Mesures voisines">
                {previous
                    .map(|(n, title)| {
                        view! {
                            <a class="pager-prev" rel="prev" href=Route::Measure(n).to_hash()>
                                <span class="pager-dir">"← Mesure précédente"</span>
                                <span class="pager-title">{format!("{n}. {title}")}</span>
                            </a>
                        }
                    })}
                {next
                    .map(|(n, title)| {
                        view! {
                            <a class="pager-next" rel="next" href=Route::Measure(n).to_hash()>
                                <span class="pager-dir">"Mesure suivante →"</span>
                                <span class="pager-title">{format!("{n}. {title}")}</span>
                            </a>
                        }
                    })}
            </nav>
        </main>
    }
    .into_any()
}

/// The annotation of `number` as it stands (blank when never annotated).
pub(super) fn current(number: MeasureNo) -> Memo<Annotation> {
    let Ctx { plan, store, .. } = ctx();
    let measure = plan.measure(number).expect("only rendered for existing measures");
    let document = store.document();
    Memo::new(move |_| {
        document.with(|d| d.annotation(number).cloned()).unwrap_or_else(|| Annotation::new(measure))
    })
}

/// The text shown in a field saved as you type: what is being typed, if it
/// is, so that nothing arriving from another tab overwrites it; otherwise
/// the stored value.
pub(super) fn typed_or(number: MeasureNo, field: Field, stored: impl Fn() -> String) -> String {
    let store = ctx().store;
    store.typing_epoch().track();
    store.typing_text(number, field).unwrap_or_else(stored)
}
