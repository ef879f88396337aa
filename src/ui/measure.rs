//! One measure on its own page: its objective, full text with acronyms
//! expanded on hover and focus, tags, the glossary entries it uses, and
//! links to the previous and next measures.

use leptos::prelude::*;

use crate::core::plan::{GlossarySource, MeasureNo};

use super::ctx;
use super::widgets::{filter_href, Tags};
use crate::core::route::Facet;

#[component]
pub fn MeasurePage(number: MeasureNo) -> impl IntoView {
    let plan = ctx().plan;
    let Some(measure) = plan.measure(number) else {
        return view! {
            <main id="contenu" class="page" tabindex="-1">
                <h1>"Mesure introuvable"</h1>
                <p>{format!("Le plan compte {} mesures ; il n’y a pas de mesure {number}.", plan.measures.len())}</p>
                <p><a href="#/">"Revenir au plan"</a></p>
            </main>
        }
        .into_any();
    };
    let objective = plan.objective(measure.objective).expect("validated: every measure has its objective");
    let text = plan
        .acronym_pieces(measure)
        .into_iter()
        .map(|(piece, entry)| match entry {
            Some(g) => view! { <abbr title=plan.glossary[g].expansion.clone()>{piece.to_owned()}</abbr> }.into_any(),
            None => piece.to_owned().into_any(),
        })
        .collect_view();
    let previous = plan.measure(number - 1).map(|m| (m.number, m.short_title.clone()));
    let next = plan.measure(number + 1).map(|m| (m.number, m.short_title.clone()));
    let glossary = measure
        .acronyms
        .iter()
        .map(|&g| {
            let entry = &plan.glossary[g];
            let note = match entry.source {
                GlossarySource::Plan => "",
                GlossarySource::Usage => " (développement usuel, absent du texte)",
            };
            view! {
                <div>
                    <dt><abbr title=entry.expansion.clone()>{entry.term.clone()}</abbr></dt>
                    <dd>{entry.expansion.clone()}<span class="muted">{note}</span></dd>
                </div>
            }
        })
        .collect_view();

    view! {
        <main id="contenu" class="page page-measure" tabindex="-1">
            <nav class="breadcrumb" aria-label="Fil d’Ariane">
                <ol>
                    <li><a href="#/">"Le plan"</a></li>
                    <li><a href=filter_href(Facet::Objective, &objective.number.to_string())>{format!("Objectif {}", objective.number)}</a></li>
                    <li aria-current="page">{format!("Mesure {number}")}</li>
                </ol>
            </nav>
            <article class="measure-full" id=format!("mesure-{number}")>
                <p class="eyebrow">{format!("Objectif {} · {}", objective.number, objective.title)}</p>
                <h1>
                    <span class="measure-number">{format!("Mesure {number}")}</span>
                    <span class="measure-heading-title">{measure.short_title.clone()}</span>
                </h1>
                <blockquote class="measure-text measure-text-full">
                    <p>{text}</p>
                </blockquote>
                <Tags measure/>
                {(!measure.acronyms.is_empty()).then(|| view! {
                    <section class="acronyms" aria-labelledby="sigles">
                        <h2 id="sigles">"Sigles employés"</h2>
                        <dl>{glossary}</dl>
                    </section>
                })}
            </article>
            <nav class="pager" aria-label="Mesures voisines">
                {previous.map(|(n, title)| view! {
                    <a class="pager-prev" rel="prev" href=format!("#/mesure/{n}")>
                        <span class="pager-dir">"← Mesure précédente"</span>
                        <span class="pager-title">{format!("{n}. {title}")}</span>
                    </a>
                })}
                {next.map(|(n, title)| view! {
                    <a class="pager-next" rel="next" href=format!("#/mesure/{n}")>
                        <span class="pager-dir">"Mesure suivante →"</span>
                        <span class="pager-title">{format!("{n}. {title}")}</span>
                    </a>
                })}
            </nav>
        </main>
    }
    .into_any()
}
