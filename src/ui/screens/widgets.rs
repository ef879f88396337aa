//! Small views shared by several screens. User and plan text always goes in
//! as text nodes, never as HTML.

use crate::core::french;
use leptos::prelude::*;

use crate::core::files::exchange::{Direction, Movement};
use crate::core::plan::reading::{segments, typeset_all, Marks, Segment};
use crate::core::plan::search::Highlighter;
use crate::core::plan::{Erratum, Measure, TextPart};
use crate::core::record::status::Status;
use crate::core::view::route::{Facet, Route};
use crate::core::wording::movement_text;

use crate::core::date::french_time;
use crate::core::files::persistence::Severity;
use crate::ui::clock::zone;
use crate::ui::context::ctx;
use crate::ui::download::{download_backup, export_annotations};
use crate::ui::store::SaveState;

/// A text of the plan as read on screen (see `core::plan::reading`): typeset,
/// search matches in `<mark>`, acronyms in `<abbr>`, the source's slips
/// followed by a *[sic]* mark.
pub fn plan_text(text: &str, marks: Marks) -> Vec<AnyView> {
    // Most cards, at most keystrokes: nothing to mark, one text node.
    if marks.matches.is_empty() && marks.acronyms.is_empty() && marks.errata.is_empty() {
        return vec![typeset_all(text).into_any()];
    }
    segments(text, marks)
        .into_iter()
        .map(|segment| match segment {
            // An acronym is never also a search match on the screens that
            // mark acronyms (the measure page), so one element is enough.
            Segment::Text { text, acronym: Some(g), .. } => {
                let title = ctx().plan.glossary[g].expansion.clone();
                view! { <abbr title=title>{text}</abbr> }.into_any()
            }
            Segment::Text { text, marked: true, .. } => view! { <mark>{text}</mark> }.into_any(),
            Segment::Text { text, .. } => text.into_any(),
            Segment::Sic(erratum) => sic_mark(erratum).into_any(),
        })
        .collect()
}

/// A measure's text typeset, its slips marked (slides, handout).
pub fn measure_text(measure: &Measure) -> Vec<AnyView> {
    let errata: Vec<&Erratum> = ctx().plan.errata_in(TextPart::Measure(measure.number)).collect();
    plan_text(&measure.text, Marks { errata: &errata, ..Marks::default() })
}

/// `text` typeset, with the query's matches wrapped in `<mark>`.
pub fn highlighted(text: &str, highlighter: &Highlighter) -> Vec<AnyView> {
    plan_text(text, Marks { matches: &highlighter.ranges(text), ..Marks::default() })
}

/// The *[sic]* after a slip of the source: the correction in a tooltip and
/// for screen readers; not selectable, so that a copied passage stays the
/// source's.
fn sic_mark(erratum: &Erratum) -> impl IntoView {
    let correction = typeset_all(&erratum.correction);
    let title = format!("Ainsi dans le texte source\u{202f}; lire {}", french::quoted(&correction));
    view! {
        <span class="sic" title=title>
            <span class="visually-hidden">
                {format!(" (sic, lire {}) ", french::quoted(&correction))}
            </span>
        </span>
    }
}

/// A link to the list filtered on one facet value.
pub fn filter_href(facet: Facet, id: &str) -> String {
    Route::filtered(facet, id).to_hash()
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
        // The kind of tag, which the glyph and colour show, said for everyone.
        let title = format!("{}\u{a0}: {label}", facet.label());
        view! {
            <li>
                <a class=kind href=filter_href(facet, id) title=title>
                    {label}
                </a>
            </li>
        }
    };
    let chips: Vec<_> = measure
        .themes
        .iter()
        .map(|&t| chip(Facet::Theme, &plan.themes[t].id, &plan.themes[t].label))
        .chain(
            measure
                .bodies
                .iter()
                .map(|&b| chip(Facet::Body, &plan.bodies[b].id, &plan.bodies[b].label)),
        )
        .chain(
            measure
                .places
                .iter()
                .map(|&p| chip(Facet::Place, &plan.places[p].id, &plan.places[p].label)),
        )
        .collect();
    view! {
        <ul class="tags" aria-label="Thèmes, acteurs et lieux">
            {chips}
        </ul>
    }
}

/// A status as a chip: its glyph and its label, the colour only reinforcing them.
pub fn status_chip(status: Status) -> impl IntoView {
    view! {
        <span class=format!("status status-{}", status.id())>
            <span class="status-symbol" aria-hidden="true">
                {status.symbol()}
            </span>
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

/// The CSS class of a movement's direction (the words say it too).
pub fn movement_class(direction: Direction) -> String {
    format!("move-{}", direction.key())
}

/// What moved since the baseline, one line per measure, each a link to it.
#[component]
pub fn MovementList(movements: Vec<Movement>) -> impl IntoView {
    let plan = ctx().plan;
    let items = movements
        .into_iter()
        .map(|m| {
            let title = plan.measure(m.measure).map_or(String::new(), |x| x.short_title.clone());
            view! {
                <li class=movement_class(m.direction)>
                    <a href=Route::Measure(m.measure)
                        .to_hash()>{format!("Mesure {} — {title}", m.measure)}</a>
                    "\u{a0}: "
                    {movement_text(&m)}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="plain-list movements" role="list">
            {items}
        </ul>
    }
}

/// The discreet "Enregistré à 14 h 05" in the header.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let store = ctx().store;
    let text = move || match store.save_state().get() {
        SaveState::Saved(0) => ("saved", "Enregistrement automatique".to_owned()),
        SaveState::Saved(at) => ("saved", format!("✓ Enregistré à {}", french_time(at, &zone))),
        SaveState::Pending => ("pending", "… Enregistrement".to_owned()),
        SaveState::MemoryOnly => ("memory", "⚠ Non conservé (stockage indisponible)".to_owned()),
        SaveState::ReadOnly => {
            ("memory", "⚠ Lecture seule (version plus récente enregistrée)".to_owned())
        }
        SaveState::Failed(_) => ("failed", "⚠ Échec de l’enregistrement".to_owned()),
    };
    view! {
        <p class=move || format!("save-state save-{}", text().0) role="status" aria-live="polite">
            {move || text().1}
        </p>
    }
}

/// A banner's classes: its colour says how much it matters.
pub fn banner_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "banner banner-info",
        Severity::Warning => "banner banner-warning",
        Severity::Error => "banner banner-error",
    }
}

#[component]
pub fn Banners() -> impl IntoView {
    let store = ctx().store;
    view! {
        <div class="banners" role="region" aria-label="Messages">
            <For
                each=move || store.banners().get()
                key=|b| b.id
                children=move |banner| {
                    let class = banner_class(banner.severity);
                    let role = if banner.severity == Severity::Info { "status" } else { "alert" };
                    let icon = match banner.severity {
                        Severity::Info => "ℹ",
                        Severity::Warning | Severity::Error => "⚠",
                    };
                    let id = banner.id;
                    let backup = banner
                        .backup_key
                        .map(|key| {
                            view! {
                                <button
                                    type="button"
                                    class="button-link"
                                    on:click=move |_| download_backup(&key)
                                >
                                    "Télécharger la copie des données d’origine"
                                </button>
                            }
                        });
                    let export = banner
                        .suggest_export
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button-link"
                                    on:click=move |_| {
                                        export_annotations().ok();
                                    }
                                >
                                    "Exporter mes annotations"
                                </button>
                            }
                        });
                    view! {
                        <div class=class role=role>
                            <span class="banner-icon" aria-hidden="true">
                                {icon}
                            </span>
                            <p dir="auto">{banner.message.clone()}</p>
                            <div class="banner-actions">
                                {backup} {export}
                                <button
                                    type="button"
                                    class="button-quiet"
                                    on:click=move |_| store.dismiss(id)
                                >
                                    "Fermer"
                                </button>
                            </div>
                        </div>
                    }
                }
            />
        </div>
    }
}

/// Moves the focus (and the view) to the element `id`; says whether it was there.
pub fn focus_id(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

/// A text's change, folded: « Voir le texte », then before (when there was
/// any) and after, as the history and an import's preview show notes.
pub fn notes_change(before: String, after: String) -> impl IntoView {
    view! {
        <details class="timeline-notes">
            <summary>"Voir le texte"</summary>
            {(!before.trim().is_empty())
                .then(|| {
                    view! {
                        <p class="muted small">"Avant\u{a0}:"</p>
                        <p class="notes-text">
                            <bdi>{before}</bdi>
                        </p>
                    }
                })}
            <p class="muted small">"Après\u{a0}:"</p>
            <p class="notes-text">
                <bdi>{after}</bdi>
            </p>
        </details>
    }
}
