//! One measure on its own page: its objective, full text with acronyms
//! expanded on hover and focus, tags, the glossary entries it uses, links to
//! the previous and next measures; and where it stands: the tracking form
//! (saved as you type), its conflicts to settle, and the history of every
//! change, each of which can be commented or gone back to.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::{french_datetime, IsoDate};
use crate::core::plan::reading::{typeset_all, Marks};
use crate::core::plan::{Erratum, GlossarySource, MeasureNo, TextPart};
use crate::core::record::annotations::{
    Annotation, Change, EditError, Entry, Field, Link, MAX_NOTES, MAX_SHORT, MAX_URL,
};
use crate::core::record::drafts::DraftField;
use crate::core::record::status::Status;
use crate::core::view::route::Facet;
use crate::core::wording::{self, describe, field_title, value_text, Refusal};

use crate::core::view::route::Route;
use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx};
use crate::ui::screens::widgets::{
    filter_href, focus_id, notes_change, plan_text, progress_bar, status_chip, Tags,
};

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
fn current(number: MeasureNo) -> Memo<Annotation> {
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
fn typed_or(number: MeasureNo, field: Field, stored: impl Fn() -> String) -> String {
    let store = ctx().store;
    store.typing_epoch().track();
    store.typing_text(number, field).unwrap_or_else(stored)
}

/// Where the measure stands, in one line above its text, for phones, where
/// the form comes after the text: a button takes the reader to it.
#[component]
fn TrackingBar(number: MeasureNo) -> impl IntoView {
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
struct Refusals(RwSignal<Option<Refusal>>);

/// The page's refusal line (a fresh one outside a measure's page).
fn refusals() -> RwSignal<Option<Refusal>> {
    use_context::<Refusals>().map_or_else(|| RwSignal::new(None), |r| r.0)
}

/// Says why an edit was refused, or clears the line when it went through.
fn said(result: Result<(), EditError>, error: RwSignal<Option<Refusal>>) {
    error.set(result.err().map(Refusal::Edit));
}

/// The form that records where the measure stands.
#[component]
fn Tracking(number: MeasureNo) -> impl IntoView {
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
