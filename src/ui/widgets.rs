//! Small views shared by several screens. User and plan text always goes in
//! as text nodes, never as HTML.

use leptos::prelude::*;

use crate::core::plan::Measure;
use crate::core::route::{Facet, ListState, Route};
use crate::core::search::Highlighter;

use super::ctx;

/// `text` with the query's matches wrapped in `<mark>`.
pub fn highlighted(text: &str, highlighter: &Highlighter) -> Vec<AnyView> {
    highlighter
        .pieces(text)
        .into_iter()
        .map(|p| {
            let t = p.text.to_owned();
            if p.marked {
                view! { <mark>{t}</mark> }.into_any()
            } else {
                t.into_any()
            }
        })
        .collect()
}

/// A link to the list filtered on one facet value.
pub fn filter_href(facet: Facet, id: &str) -> String {
    Route::List(ListState::default().toggled(facet, id)).to_hash()
}

/// The theme, body and place chips of a measure, each a link to the list
/// filtered on it.
#[component]
pub fn Tags(measure: &'static Measure) -> impl IntoView {
    let plan = ctx().plan;
    let chip = move |facet: Facet, id: &'static str, label: &'static str| {
        let kind = match facet {
            Facet::Theme => "tag tag-theme",
            Facet::Body => "tag tag-body",
            _ => "tag tag-place",
        };
        let title = format!("{} : {label} — voir toutes les mesures", facet.label());
        view! { <li><a class=kind href=filter_href(facet, id) title=title>{label}</a></li> }
    };
    let chips: Vec<_> = measure
        .themes
        .iter()
        .map(|&t| chip(Facet::Theme, &plan.themes[t].id, &plan.themes[t].label))
        .chain(measure.bodies.iter().map(|&b| chip(Facet::Body, &plan.bodies[b].id, &plan.bodies[b].label)))
        .chain(measure.places.iter().map(|&p| chip(Facet::Place, &plan.places[p].id, &plan.places[p].label)))
        .collect();
    view! { <ul class="tags" aria-label="Thèmes, acteurs et lieux">{chips}</ul> }
}
