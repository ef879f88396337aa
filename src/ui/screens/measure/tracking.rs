//! A measure's tracking form, saved as you type: status, progress, due
//! date, pilote, notes, links and the comment on the latest change, with
//! one line saying why an edit was refused.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::{french_datetime, IsoDate};
use crate::core::plan::MeasureNo;
use crate::core::record::annotations::{
    Annotation, Change, EditError, Field, Link, MAX_NOTES, MAX_SHORT, MAX_URL,
};
use crate::core::record::drafts::DraftField;
use crate::core::record::status::Status;
use crate::core::wording::{describe, Refusal};

use super::{current, typed_or};
use crate::core::view::route::Route;
use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};
use crate::ui::screens::widgets::{focus_id, progress_bar, status_chip};

/// Where the measure stands, in one line above its text, for phones, where
/// the form comes after the text: a button takes the reader to it.
#[component]
pub(super) fn TrackingBar(number: MeasureNo) -> impl IntoView {
    let today = ctx().today;
    let annotation = current(number);
    view! {
        <div class="tracking-bar">
            {move || status_chip(annotation.with(|a| a.status()))}
            {move || progress_bar(annotation.with(|a| a.progress()))}
            {move || {
                annotation
                    .with(|a| a.is_overdue(today.get()))
                    .then(|| view! { <strong class="overdue">"⚠\u{a0}en retard"</strong> })
            }}
            <button
                type="button"
                class="button-quiet"
                on:click=|_| {
                    focus_id("statut");
                }
            >
                "Modifier le suivi"
            </button>
        </div>
    }
}

/// Why the page's last edit was refused, if it was: provided by the page,
/// shown under the form.
#[derive(Clone, Copy)]
pub(super) struct Refusals(pub(super) RwSignal<Option<Refusal>>);

/// The page's refusal line (a fresh one outside a measure's page).
pub(super) fn refusals() -> RwSignal<Option<Refusal>> {
    use_context::<Refusals>().map_or_else(|| RwSignal::new(None), |r| r.0)
}

/// Says why an edit was refused, or clears the line when it went through.
pub(super) fn said(result: Result<(), EditError>, error: RwSignal<Option<Refusal>>) {
    error.set(result.err().map(Refusal::Edit));
}

/// The form that records where the measure stands.
#[component]
pub(super) fn Tracking(number: MeasureNo) -> impl IntoView {
    let store = ctx().store;
    let annotation = current(number);
    let error = refusals();
    let comment = Memo::new(move |_| store.comment_target(number));
    // The settings offer to come back here.
    let author_settings = Route::Settings { back: Some(number) }.to_hash();
    view! {
        <section class="tracking" aria-labelledby="titre-suivi">
            <h2 id="titre-suivi">"Suivi de la mesure"</h2>
            <div class="tracking-summary" aria-hidden="true">
                {move || status_chip(annotation.with(|a| a.status()))}
                {move || progress_bar(annotation.with(|a| a.progress()))}
            </div>
            <fieldset class="tracking-form" prop:disabled=move || store.read_only()>
                <legend class="visually-hidden">
                    "Statut, avancement, pilote, échéance, notes et justificatifs"
                </legend>
                <StatusFields number annotation error />
                <CommentField number latest=comment />
                <crate::ui::lazy::KeptDrafts number field=DraftField::Comment />
                <TextFields number annotation error />
                <crate::ui::lazy::KeptDrafts number field=DraftField::Pilote />
                <crate::ui::lazy::KeptDrafts number field=DraftField::Notes />
                <LinkFields number annotation error />
                <crate::ui::lazy::KeptDrafts number field=DraftField::LinkLabel />
                <crate::ui::lazy::KeptDrafts number field=DraftField::LinkUrl />
            </fieldset>
            <p class="form-error" role="alert">
                {move || error.get().map(|e| e.to_string())}
            </p>
            <p class="muted small">
                {move || {
                    let author = store.document().with(|d| d.author().display());
                    format!("Les changements sont signés {}. ", french::quoted(&author))
                }} <a href=author_settings>"Modifier l’auteur"</a>
            </p>
        </section>
    }
}

/// Records a change, or says why it was refused.
fn apply(number: MeasureNo, change: Change, error: RwSignal<Option<Refusal>>) {
    said(ctx().store.edit(number, change), error);
}

/// Status and progress.
#[component]
fn StatusFields(
    number: MeasureNo,
    annotation: Memo<Annotation>,
    error: RwSignal<Option<Refusal>>,
) -> impl IntoView {
    let set_progress = move |value: String| match value.trim().parse::<u8>() {
        Ok(p) if p <= 100 => apply(number, Change::Progress(p), error),
        _ => error.set(Some(Refusal::Progress(value))),
    };
    let progress = move || annotation.with(|a| a.progress().to_string());
    view! {
        <div class="field">
            <label for="statut">"Statut"</label>
            <select
                id="statut"
                on:change=move |ev| {
                    if let Some(s) = Status::from_id(&event_target_value(&ev)) {
                        apply(number, Change::Status(s), error)
                    }
                }
            >
                {Status::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <option
                                value=s.id()
                                prop:selected=move || annotation.with(|a| a.status() == s)
                            >
                                {format!("{} {}", s.symbol(), s.label())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="avancement">"Avancement (%)"</label>
            <div class="progress-inputs">
                <input
                    type="range"
                    id="avancement-curseur"
                    min="0"
                    max="100"
                    step="5"
                    aria-label="Avancement, curseur"
                    aria-valuetext=move || format!("{} %", annotation.with(|a| a.progress()))
                    prop:value=progress
                    on:change=move |ev| set_progress(event_target_value(&ev))
                />
                <input
                    type="number"
                    id="avancement"
                    min="0"
                    max="100"
                    step="1"
                    inputmode="numeric"
                    prop:value=progress
                    on:change=move |ev| set_progress(event_target_value(&ev))
                />
            </div>
        </div>
        // Done but not at 100 %: said, with the one click that settles it.
        {move || {
            annotation
                .with(|a| {
                    (a.status() == Status::Realisee && a.progress() < 100).then(|| a.progress())
                })
                .map(|p| {
                    view! {
                        <p class="notice">
                            {format!("Réalisée, mais l’avancement est de {p}\u{a0}%. ")}
                            <button
                                type="button"
                                class="button-link"
                                on:click=move |_| apply(number, Change::Progress(100), error)
                            >
                                "Passer à 100\u{a0}%"
                            </button>
                        </p>
                    }
                })
        }}
    }
}

/// Pilote, due date and notes; the texts saved as typed.
#[component]
fn TextFields(
    number: MeasureNo,
    annotation: Memo<Annotation>,
    error: RwSignal<Option<Refusal>>,
) -> impl IntoView {
    let Ctx { plan, store, today, .. } = ctx();
    // Leaving the page with the focus in a field (Back, a shortcut) may
    // not blur it: what was typed is saved, and the field lets go.
    on_cleanup(move || store.end_typing());
    let typed = move |field: Field, text: String| {
        if let Err(e) = store.typed(number, field, text) {
            error.set(Some(Refusal::Edit(e)));
        }
    };
    let set_due = move |value: String| match (value.is_empty(), IsoDate::parse(&value)) {
        (true, _) => apply(number, Change::Due(None), error),
        (false, Some(d)) => apply(number, Change::Due(Some(d)), error),
        (false, None) => error.set(Some(Refusal::Due)),
    };
    let bodies = plan
        .bodies
        .iter()
        .map(|b| view! { <option value=b.label.clone()></option> })
        .collect_view();
    // The team directory's services first (as the page opens; the
    // directory changes in the settings).
    let team = store.document().with_untracked(|d| {
        d.team().services().map(|s| view! { <option value=s.name.clone()></option> }).collect_view()
    });
    view! {
        <div class="field">
            <label for="pilote">"Pilote"</label>
            <input
                type="text"
                id="pilote"
                list="acteurs-du-plan"
                autocomplete="off"
                dir="auto"
                maxlength=MAX_SHORT
                prop:value=move || typed_or(
                    number,
                    Field::Pilote,
                    || annotation.with(|a| a.pilote().to_owned()),
                )
                on:focus=move |ev| {
                    store.begin_typing(number, Field::Pilote, event_target_value(&ev))
                }
                on:input=move |ev| typed(Field::Pilote, event_target_value(&ev))
                on:blur=move |_| store.end_typing()
            />
            <datalist id="acteurs-du-plan">{team}{bodies}</datalist>
        </div>
        <div class="field">
            <label for="echeance">"Échéance"</label>
            <input
                type="date"
                id="echeance"
                min="2019-01-01"
                max="2200-12-31"
                prop:value=move || {
                    annotation.with(|a| a.due().map(|d| d.to_string()).unwrap_or_default())
                }
                on:change=move |ev| set_due(event_target_value(&ev))
            />
            {move || {
                annotation
                    .with(|a| a.due().filter(|_| a.is_overdue(today.get())))
                    .map(|d| {
                        view! {
                            <p class="overdue">
                                {format!(
                                    "⚠\u{a0}En retard\u{a0}: l’échéance du {} est passée.",
                                    d.french(),
                                )}
                            </p>
                        }
                    })
            }}
        </div>
        <div class="field">
            <label for="notes">
                "Notes " <span class="muted">"(enregistrées pendant la frappe)"</span>
            </label>
            <textarea
                id="notes"
                rows="6"
                dir="auto"
                maxlength=MAX_NOTES
                prop:value=move || typed_or(
                    number,
                    Field::Notes,
                    || annotation.with(|a| a.notes().to_owned()),
                )
                on:focus=move |ev| store.begin_typing(number, Field::Notes, event_target_value(&ev))
                on:input=move |ev| typed(Field::Notes, event_target_value(&ev))
                on:blur=move |_| store.end_typing()
            ></textarea>
        </div>
    }
}

/// The evidence links, and the form for a new one (kept as a draft while written).
#[component]
fn LinkFields(
    number: MeasureNo,
    annotation: Memo<Annotation>,
    error: RwSignal<Option<Refusal>>,
) -> impl IntoView {
    let store = ctx().store;
    let add_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let link = Link {
            label: store.draft(number, DraftField::LinkLabel).trim().to_owned(),
            url: store.draft(number, DraftField::LinkUrl).trim().to_owned(),
        };
        if link.url.is_empty() {
            error.set(Some(Refusal::NoLinkAddress));
        } else {
            let mut links = annotation.with_untracked(|a| a.links().to_vec());
            links.push(link);
            // A refused link (« trop de liens », an address that is no
            // link) keeps its draft, to be corrected, and says why.
            match store.edit(number, Change::Links(links)) {
                Ok(()) => {
                    store.set_draft(number, DraftField::LinkLabel, "");
                    store.set_draft(number, DraftField::LinkUrl, "");
                    error.set(None);
                }
                Err(e) => error.set(Some(Refusal::Edit(e))),
            }
        }
    };
    let remove = move |i: usize| {
        let mut links = annotation.with_untracked(|a| a.links().to_vec());
        if i < links.len() {
            links.remove(i);
            apply(number, Change::Links(links), error);
        }
    };
    let items = move || {
        annotation
            .with(|a| a.links().to_vec())
            .into_iter()
            .enumerate()
            .map(|(i, link)| {
                let label = link.shown().to_owned();
                let remove_label = format!("Retirer le justificatif {}", french::quoted(&label));
                let shown = if link.is_web() {
                    view! {
                        <a href=link.url.clone() target="_blank" rel="noopener noreferrer">
                            <bdi>{label}</bdi>
                        </a>
                    }
                    .into_any()
                } else {
                    // A shared drive or intranet path: never a link (the
                    // browser would refuse it, or worse, follow it), but
                    // copied in one click to paste where it opens.
                    let copy_label = format!("Copier le chemin de {}", french::quoted(&label));
                    let copied = RwSignal::new(None::<Copied>);
                    let url = link.url.clone();
                    view! {
                        <span class="reference">
                            {(label != link.url).then(|| view! { <bdi>{label}</bdi> })}
                            <code dir="ltr">{link.url.clone()}</code>
                            <button
                                type="button"
                                class="button-quiet"
                                aria-label=copy_label
                                on:click=move |_| copy_text(url.clone(), copied)
                            >
                                "Copier"
                            </button> <span role="status" class="muted small">
                                {move || match copied.get() {
                                    Some(Copied::Done) => "Copié.",
                                    Some(Copied::Refused) => {
                                        "Copie refusée par le navigateur\u{a0}: sélectionnez le chemin."
                                    }
                                    None => "",
                                }}
                            </span>
                        </span>
                    }
                    .into_any()
                };
                view! {
                    <li>
                        {shown}
                        <button
                            type="button"
                            class="button-quiet"
                            aria-label=remove_label
                            on:click=move |_| remove(i)
                        >
                            "Retirer"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="links">
            <legend>"Justificatifs"</legend>
            <ul role="list">{items}</ul>
            <form class="link-form" on:submit=add_link>
                <label for="lien-libelle">"Libellé"</label>
                <input
                    type="text"
                    id="lien-libelle"
                    dir="auto"
                    maxlength=MAX_SHORT
                    prop:value=move || store.draft(number, DraftField::LinkLabel)
                    on:input=move |ev| {
                        store.set_draft(number, DraftField::LinkLabel, &event_target_value(&ev))
                    }
                />
                <label for="lien-adresse">"Adresse ou chemin"</label>
                <input
                    type="text"
                    id="lien-adresse"
                    dir="ltr"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="lien-aide"
                    maxlength=MAX_URL
                    prop:value=move || store.draft(number, DraftField::LinkUrl)
                    on:input=move |ev| {
                        store.set_draft(number, DraftField::LinkUrl, &event_target_value(&ev))
                    }
                />
                <p id="lien-aide" class="muted small">
                    "Une adresse web (https://…) devient un lien\u{202f}; un chemin de dossier \
                     partagé ou d’intranet (\\\\serveur\\dossier\\copil.pdf, file:///…) est \
                     gardé tel quel, avec un bouton pour le copier."
                </p>
                <button type="submit" class="button">
                    "Ajouter le justificatif"
                </button>
            </form>
        </fieldset>
    }
}

/// Whether the browser let a path be copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    Done,
    Refused,
}

/// Puts `text` on the clipboard; `done` says whether the browser let it.
fn copy_text(text: String, done: RwSignal<Option<Copied>>) {
    let navigator = window().navigator();
    // Absent outside secure contexts (a plain http:// intranet): calling it
    // would throw; the user is told to select the path instead.
    let present = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !present {
        done.set(Some(Copied::Refused));
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done.set(Some(if copied { Copied::Done } else { Copied::Refused }));
    });
}

/// The comment on this tab's (or this author's) latest change; before any
/// change, a draft that the next change takes.
#[component]
fn CommentField(
    number: MeasureNo,
    latest: Memo<Option<crate::core::record::stamp::Stamp>>,
) -> impl IntoView {
    let store = ctx().store;
    let refused = refusals();
    let annotation = current(number);
    // While the field has focus it stays on the change it explained when
    // focused: a change arriving from another tab must not move what is
    // being typed onto another change.
    let held = RwSignal::new(None::<Option<crate::core::record::stamp::Stamp>>);
    let target = Memo::new(move |_| held.get().unwrap_or_else(|| latest.get()));
    let described = move || {
        let at = target.get()?;
        annotation.with(|a| {
            let e = a.entry(at)?;
            Some(format!(
                "{}, {}",
                describe(e, a.previous(e).as_ref()),
                french_datetime(at.ms, &zone)
            ))
        })
    };
    let value = move || match target.get() {
        Some(at) => typed_or(number, Field::Comment(at), || {
            annotation.with(|a| match a.value(Field::Comment(at)) {
                Change::Comment { text, .. } => text,
                _ => String::new(),
            })
        }),
        None => store.draft(number, DraftField::Comment),
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match target.get_untracked() {
            Some(at) => {
                if let Err(e) = store.typed(number, Field::Comment(at), text) {
                    refused.set(Some(Refusal::Edit(e)));
                }
            }
            None => store.set_draft(number, DraftField::Comment, &text),
        }
    };
    view! {
        <div class="field">
            <label for="commentaire">"Commentaire du changement"</label>
            <p class="field-hint" id="commentaire-aide">
                {move || match described() {
                    Some(what) => format!("Joint à votre dernier changement\u{a0}: {what}."),
                    None => {
                        "Facultatif\u{a0}: il sera joint à votre prochain changement.".to_owned()
                    }
                }}
            </p>
            <textarea
                id="commentaire"
                rows="2"
                dir="auto"
                maxlength=crate::core::record::annotations::MAX_COMMENT
                aria-describedby="commentaire-aide"
                prop:value=value
                on:input=on_input
                on:focus=move |_| held.set(Some(latest.get_untracked()))
                on:blur=move |_| {
                    store.end_typing();
                    held.set(None);
                }
            ></textarea>
        </div>
    }
}
