//! One conflict of an import's preview: each value, who holds it (here or
//! in which file) and when, to keep one, keep both notes, or leave it open.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::french_datetime;
use crate::core::files::exchange::{Conflict, Pick};
use crate::core::record::annotations::{Change, Field};
use crate::core::view::route::Route;
use crate::core::wording::{field_title, value_text};

use crate::core::files::roundup::Sources;
use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};

/// One measure in conflict: for each field in conflict, every value it
/// would hold, with who wrote it, when, and where it is (this browser, or
/// which file), and the choice of one, or of leaving the conflict open for
/// the measure's page.
#[component]
pub(super) fn ConflictChoice(conflict: Conflict, sources: Option<Sources>) -> impl IntoView {
    let Ctx { plan, exchange: state, .. } = ctx();
    let n = conflict.measure;
    let title = plan.measure(n).map_or(String::new(), |m| m.short_title.clone());
    let fields = conflict
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let field = f.field;
            let chosen = move |pick: Pick| {
                state
                    .pending()
                    .with(|p| p.as_ref().and_then(|p| p.choices.get(n, field)) == Some(pick))
            };
            let choose = move |pick: Pick| {
                state.choose(|p| p.choices.set(n, field, pick))
            };
            let group = format!("choix-conflit-{n}-{i}");
            let values = f
                .values
                .iter()
                .map(|o| {
                    let pick = Pick::Keep(o.value.at);
                    let place = if o.here {
                        " (ce navigateur)".to_owned()
                    } else {
                        match sources.as_ref().map(|s| s.origin(o.value.at)) {
                            None => " (fichier)".to_owned(),
                            Some(Some(name)) => format!(" (fichier {})", french::quoted(name)),
                            Some(None) => " (un des fichiers)".to_owned(),
                        }
                    };
                    let text = match &o.value.change {
                        Change::Notes(t) => t.clone(),
                        other => value_text(other),
                    };
                    view! {
                        <label class="conflict-value-option">
                            <input
                                type="radio"
                                name=group.clone()
                                prop:checked=move || chosen(pick)
                                on:change=move |_| choose(pick)
                            />
                            <span class="conflict-value-body">
                                <span class="conflict-side">
                                    <bdi>{o.value.by.clone()}</bdi>
                                    {place}
                                </span>
                                <span class="conflict-text">
                                    <bdi>{text}</bdi>
                                </span>
                                <span class="muted small">
                                    {format!("le {}", french_datetime(o.value.at.ms, &zone))}
                                </span>
                            </span>
                        </label>
                    }
                })
                .collect_view();
            // Two texts of the notes may both be worth keeping.
            let both = (field == Field::Notes).then(|| {
                view! {
                    <label class="conflict-value-option">
                        <input
                            type="radio"
                            name=group.clone()
                            prop:checked=move || chosen(Pick::Both)
                            on:change=move |_| choose(Pick::Both)
                        />
                        <span class="conflict-value-body">
                            <span class="conflict-side">"Garder les deux"</span>
                            <span class="muted small">
                                "Une seule note avec chaque texte, précédé de son auteur et de sa date."
                            </span>
                        </span>
                    </label>
                }
            });
            view! {
                <fieldset class="conflict-field">
                    <legend>
                        {format!("{} — valeur à garder pour la mesure {n}", field_title(field))}
                    </legend>
                    {values}
                    {both}
                    <label class="conflict-open-option">
                        <input
                            type="radio"
                            name=group.clone()
                            prop:checked=move || chosen(Pick::Open)
                            on:change=move |_| choose(Pick::Open)
                        />
                        " Laisser le conflit ouvert (choisir sur la page de la mesure)"
                    </label>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <li class="conflict-choice">
            <h4>
                <a href=Route::Measure(n).to_hash()>{format!("Mesure {n} — {title}")}</a>
            </h4>
            {fields}
        </li>
    }
}
