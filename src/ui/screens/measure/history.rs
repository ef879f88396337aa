//! What a measure went through: its conflicts to settle, the texts kept
//! for its fields from closed tabs, and the history of every change, each
//! of which can be commented or gone back to.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::french_datetime;
use crate::core::plan::MeasureNo;
use crate::core::record::annotations::{Annotation, Change, Entry, Field};
use crate::core::record::drafts::DraftField;
use crate::core::wording::{self, describe, field_title, value_text, Refusal};

use super::current;
use super::tracking::{refusals, said};
use crate::ui::clock::zone;
use crate::ui::context::ctx;
use crate::ui::screens::widgets::{focus_id, notes_change};

/// Fields changed on two sides without either knowing of the other: every
/// value side by side, and the choice of one.
#[component]
pub fn Conflicts(number: MeasureNo) -> impl IntoView {
    let store = ctx().store;
    let annotation = current(number);
    let refused = refusals();
    move || {
        let conflicts = annotation.with(|a| a.conflicts().to_vec());
        (!conflicts.is_empty()).then(|| {
            let fields = conflicts
                .into_iter()
                .map(|c| {
                    let heads: Vec<Entry> = annotation.with(|a| {
                        c.heads.iter().rev().filter_map(|v| a.entry(v.at).cloned()).collect()
                    });
                    // Two texts of the notes may both be worth keeping.
                    let both = (c.field == Field::Notes)
                        .then(|| {
                            let error = RwSignal::new(None::<Refusal>);
                            view! {
                                <p class="conflict-both">
                                    <button
                                        type="button"
                                        class="button"
                                        on:click=move |_| { said(store.keep_both(number), error) }
                                    >
                                        "Garder les deux"
                                    </button>
                                    " "
                                    <span class="muted small">
                                        "Une seule note avec chaque texte, précédé de son auteur et de sa date."
                                    </span>
                                    <span class="form-error" role="alert">
                                        {move || error.get().map(|e| e.to_string())}
                                    </span>
                                </p>
                            }
                        });
                    view! {
                        <li>
                            <h3>{field_title(c.field)}</h3>
                            <ul class="conflict-values" role="list">
                                {heads
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, e)| {
                                        let at = e.at;
                                        let label = if i == 0 {
                                            "Affichée\u{a0}: "
                                        } else {
                                            "Autre valeur\u{a0}: "
                                        };
                                        let shown = match &e.change {
                                            Change::Notes(n) => {
                                                view! {
                                                    <p class="conflict-text">
                                                        <bdi>{n.clone()}</bdi>
                                                    </p>
                                                }
                                                    .into_any()
                                            }
                                            other => {
                                                view! {
                                                    <p class="conflict-text">
                                                        <bdi>{value_text(other)}</bdi>
                                                    </p>
                                                }
                                                    .into_any()
                                            }
                                        };
                                        view! {
                                            <li class="conflict-value">
                                                <p class="muted small">
                                                    {label} <bdi>{e.by.clone()}</bdi>
                                                    {format!(", {}", french_datetime(at.ms, &zone))}
                                                </p>
                                                {shown}
                                                <button
                                                    type="button"
                                                    class="button"
                                                    on:click=move |_| {
                                                        said(store.resolve(number, at), refused)
                                                    }
                                                >
                                                    "Garder cette valeur"
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {both}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="conflicts-panel" role="region" aria-labelledby="titre-conflit">
                    <h2 id="titre-conflit">
                        <span aria-hidden="true">"⚠ "</span>
                        "Conflit à résoudre"
                    </h2>
                    <p>
                        "Ces champs ont été modifiés des deux côtés sans que l’un connaisse \
                         l’autre (autre onglet, fichier d’un collègue). \
                         Aucune valeur n’est perdue\u{a0}: choisissez celle à garder, \
                         l’autre reste dans l’historique."
                    </p>
                    <ul class="plain-list" role="list">
                        {fields}
                    </ul>
                </section>
            }
        })
    }
}

/// Changes of the history shown at once, and added by each « Afficher ».
const HISTORY_STEP: usize = 30;

/// Text kept for a form field that is not in it: typed notes or pilote
/// that could not be recorded, or another tab's draft of the same field
/// adopted when that tab closed. Nothing is dropped unseen: each can be
/// taken back into the field, or let go.
#[component]
pub fn KeptDrafts(number: MeasureNo, field: DraftField) -> impl IntoView {
    let store = ctx().store;
    let refused = refusals();
    // Notes and pilote are recorded as typed: a draft of theirs is text
    // that could not be; for the other fields the first text is the field's.
    let unsaved = matches!(field, DraftField::Notes | DraftField::Pilote);
    // What the text is, each agreeing with its field (« ces notes »,
    // « cette adresse »): whole words, no ending added.
    let (kept_words, this) = match field {
        DraftField::Notes => ("Notes non enregistrées, gardées en brouillon\u{a0}:", "ces notes"),
        DraftField::Pilote => ("Pilote non enregistré, gardé en brouillon\u{a0}:", "ce pilote"),
        DraftField::Comment => ("Commentaire, gardé en brouillon\u{a0}:", "ce commentaire"),
        DraftField::LinkLabel => ("Libellé, gardé en brouillon\u{a0}:", "ce libellé de lien"),
        DraftField::LinkUrl => ("Adresse, gardée en brouillon\u{a0}:", "cette adresse de lien"),
    };
    let kept = move || {
        let mut texts = Vec::new();
        if unsaved {
            let first = store.draft(number, field);
            if !first.is_empty() {
                texts.push((None, first));
            }
        }
        texts.extend(
            store
                .draft_alternatives(number, field)
                .into_iter()
                .enumerate()
                .map(|(i, t)| (Some(i), t)),
        );
        texts
    };
    let take = move |alternative: Option<usize>, text: String| {
        if let Some(n) = alternative {
            store.take_draft_alternative(number, field, n);
        }
        if unsaved {
            let change = match field {
                DraftField::Pilote => Change::Pilote(text),
                _ => Change::Notes(text),
            };
            match store.edit(number, change) {
                Ok(()) => store.set_draft(number, field, ""),
                Err(e) => refused.set(Some(Refusal::Edit(e))),
            }
        }
    };
    let discard = move |alternative: Option<usize>| match alternative {
        Some(n) => store.discard_draft_alternative(number, field, n),
        None => store.set_draft(number, field, ""),
    };
    move || {
        kept()
            .into_iter()
            .map(|(alternative, text)| {
                let heading = match alternative {
                    None => kept_words.to_owned(),
                    Some(_) => {
                        format!("Un autre onglet, fermé depuis, avait aussi écrit {this}\u{a0}:")
                    }
                };
                let again = text.clone();
                view! {
                    <div class="kept-draft" role="note">
                        <p class="muted small">{heading}</p>
                        <p class="notes-text">
                            <bdi>{text}</bdi>
                        </p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button-quiet"
                                on:click=move |_| take(alternative, again.clone())
                            >
                                "Reprendre ce texte"
                            </button>
                            <button
                                type="button"
                                class="button-link"
                                on:click=move |_| discard(alternative)
                            >
                                "Écarter"
                            </button>
                        </div>
                    </div>
                }
            })
            .collect_view()
    }
}

/// Every change to the measure, newest first, with its comments; each can
/// be gone back to, and the author's latest can be commented.
/// The measure's history, from its chunk (see [`crate::ui::lazy::History`]).
#[component]
pub fn History(number: MeasureNo) -> impl IntoView {
    let store = ctx().store;
    let annotation = current(number);
    let document = store.document();
    let target = Memo::new(move |_| store.comment_target(number));
    // Five years of monthly updates are hundreds of changes: the latest
    // show, the older ones on demand.
    let shown = RwSignal::new(HISTORY_STEP);
    view! {
        <section class="history" aria-labelledby="titre-historique">
            <h2 id="titre-historique">"Historique"</h2>
            {move || {
                let (entries, hidden) = document
                    .with(|d| {
                        let a = d.annotation(number);
                        let all: Vec<Entry> = a
                            .map_or_else(Vec::new, |a| a.all_entries().cloned().collect());
                        let (hidden, shown): (Vec<Entry>, Vec<Entry>) = all
                            .into_iter()
                            .partition(|e| d.is_hidden(e.at));
                        (
                            shown
                                .into_iter()
                                .filter(|e| !matches!(e.field(), Field::Comment(_)))
                                .rev()
                                .collect::<Vec<_>>(),
                            hidden.len(),
                        )
                    });
                if entries.is_empty() {
                    return view! {
                        <p class="muted">"Aucun changement n’a encore été enregistré."</p>
                    }
                        .into_any();
                }
                let total = entries.len();
                let items = entries
                    .into_iter()
                    .take(shown.get())
                    .map(|e| view! { <HistoryItem number entry=e target annotation /> })
                    .collect_view();
                let rest = total.saturating_sub(shown.get());
                view! {
                    <ol class="timeline" role="list">
                        {items}
                    </ol>
                    {(rest > 0)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button-quiet"
                                    on:click=move |_| shown.update(|n| *n += HISTORY_STEP)
                                >
                                    {wording::show_older(rest.min(HISTORY_STEP), total)}
                                </button>
                            }
                        })}
                    {(hidden > 0)
                        .then(|| {
                            view! { <p class="muted small">{wording::replaced_changes(hidden)}</p> }
                        })}
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn HistoryItem(
    number: MeasureNo,
    entry: Entry,
    target: Memo<Option<crate::core::record::stamp::Stamp>>,
    annotation: Memo<Annotation>,
) -> impl IntoView {
    let store = ctx().store;
    let refused = refusals();
    let at = entry.at;
    let field = entry.field();
    let (what, previous, comments, in_conflict, current_value) = annotation.with_untracked(|a| {
        let previous = a.previous(&entry);
        let comments: Vec<(String, String)> = a
            .comments_on(at)
            .into_iter()
            .filter_map(|c| match &c.change {
                Change::Comment { text, .. } => Some((text.clone(), c.by.clone())),
                _ => None,
            })
            .collect();
        let in_conflict =
            a.conflicts().iter().any(|c| c.field == field && c.heads.iter().any(|v| v.at == at));
        (describe(&entry, previous.as_ref()), previous, comments, in_conflict, a.value(field))
    });
    let resolved = entry.origin == crate::core::record::annotations::Origin::Resolve;
    let notes = match (&entry.change, previous) {
        (Change::Notes(new), Some(Change::Notes(old))) if !resolved => Some((old, new.clone())),
        (Change::Notes(new), _) => Some((String::new(), new.clone())),
        _ => None,
    };
    let can_revert = entry.change != current_value;
    // The team folder's file that brought it, if one did.
    let via = use_context::<crate::ui::screens::folder::FolderLink>()
        .and_then(|l| l.origins.with_untracked(|o| o.of(at.replica).map(str::to_owned)))
        .map(|file| format!(" · via {}", french::quoted(&file)));
    view! {
        <li class:in-conflict=in_conflict>
            <p class="timeline-head">
                <span class="timeline-when">{french_datetime(at.ms, &zone)}</span>
                " · "
                <bdi>{entry.by.clone()}</bdi>
                {via}
                {in_conflict
                    .then(|| view! { <span class="conflict-mark">" · ⚠ en conflit"</span> })}
            </p>
            <p class="timeline-what">
                <bdi>{what}</bdi>
            </p>
            {notes.map(|(old, new)| notes_change(old, new))}
            {comments
                .into_iter()
                .map(|(text, by)| {
                    view! {
                        <p class="timeline-comment">
                            <bdi>{french::quoted(&text)}</bdi>
                            " — "
                            <bdi>{by}</bdi>
                        </p>
                    }
                })
                .collect_view()}
            <div class="timeline-actions">
                {can_revert
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button-link"
                                prop:disabled=move || store.read_only()
                                on:click=move |_| said(store.revert_to(number, at), refused)
                            >
                                "Revenir à cette valeur"
                            </button>
                        }
                    })}
                {move || {
                    (target.get() == Some(at))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button-link"
                                    on:click=|_| {
                                        focus_id("commentaire");
                                    }
                                >
                                    "Ajouter un commentaire"
                                </button>
                            }
                        })
                }}
            </div>
        </li>
    }
}
