//! Small views shared by several screens. User and plan text always goes in
//! as text nodes, never as HTML.

use leptos::prelude::*;

use crate::core::plan::Measure;
use crate::core::route::{Facet, ListState, Route};
use crate::core::search::Highlighter;
use crate::core::status::Status;

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

/// A status as a chip: its glyph and its label, the colour only reinforcing them.
pub fn status_chip(status: Status) -> impl IntoView {
    view! {
        <span class=format!("status status-{}", status.id())>
            <span class="status-symbol" aria-hidden="true">{status.symbol()}</span>
            {status.label()}
        </span>
    }
}

/// A progress bar that also says its value in text.
pub fn progress_bar(progress: u8) -> impl IntoView {
    view! {
        <span class="progress">
            <span class="progress-track" aria-hidden="true">
                <span class="progress-fill" style:width=format!("{progress}%")></span>
            </span>
            <span class="progress-value">{format!("{progress}\u{a0}%")}</span>
        </span>
    }
}

/// Whether the keyboard focus is in a text field (where keys belong to it).
pub fn typing_in_field() -> bool {
    use wasm_bindgen::JsCast;
    document().active_element().is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.dyn_ref::<web_sys::HtmlElement>().is_some_and(|h| h.is_content_editable())
    })
}

/// `3 mesures`, `1 mesure`: a count and its noun, joined by a no-break space.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n}\u{a0}{}", if n > 1 { many } else { one })
}
