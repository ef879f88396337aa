//! One measure on its own page: its objective, full text with acronyms
//! expanded on hover and focus, tags, the glossary entries it uses, and
//! links to the previous and next measures.

use leptos::prelude::*;

use crate::core::annotations::{Annotation, Change, Edit, Link};
use crate::core::date::{french_datetime, IsoDate};
use crate::core::plan::{GlossarySource, MeasureNo};
use crate::core::route::Facet;
use crate::core::status::Status;

use super::store::tz_offset;
use super::widgets::{filter_href, progress_bar, status_chip, Tags};
use super::{ctx, Ctx};

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
          <div class="measure-layout">
            <div class="measure-main">
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
            <History number/>
            </div>
            <Tracking number/>
          </div>
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

/// The annotation of `number` as it stands (blank when never annotated).
fn current(number: MeasureNo) -> Memo<Annotation> {
    let Ctx { plan, store, .. } = ctx();
    let measure = plan.measure(number).expect("only rendered for existing measures");
    Memo::new(move |_| {
        store.document.with(|d| d.annotations.get(number).cloned()).unwrap_or_else(|| Annotation::new(measure))
    })
}

/// The form that records where the measure stands.
#[component]
fn Tracking(number: MeasureNo) -> impl IntoView {
    let Ctx { plan, store, .. } = ctx();
    let annotation = current(number);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let apply = move |edit: Edit| {
        let with_comment = matches!(edit, Edit::Status(_) | Edit::Progress(_));
        let text = if with_comment { comment.get_untracked() } else { String::new() };
        match store.edit(number, edit, &text) {
            Ok(()) => {
                error.set(None);
                if with_comment {
                    comment.set(String::new());
                }
            }
            Err(e) => error.set(Some(format!("Modification refusée : {e}."))),
        }
    };
    let set_progress = move |value: String| match value.trim().parse::<u8>() {
        Ok(p) if p <= 100 => apply(Edit::Progress(p)),
        _ => error.set(Some(format!("Avancement refusé : « {} » n’est pas un nombre entre 0 et 100.", value.trim()))),
    };
    let link_label = RwSignal::new(String::new());
    let link_url = RwSignal::new(String::new());
    let add_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let link = Link { label: link_label.get_untracked(), url: link_url.get_untracked() };
        if link.url.trim().is_empty() {
            error.set(Some("Indiquez l’adresse du lien.".into()));
            return;
        }
        if store.edit(number, Edit::AddLink(link), "").is_ok() {
            link_label.set(String::new());
            link_url.set(String::new());
            error.set(None);
        } else {
            error.set(Some(
                "Seules les adresses commençant par http:// ou https:// peuvent être ajoutées comme liens.".into(),
            ));
        }
    };
    let bodies = plan.bodies.iter().map(|b| view! { <option value=b.label.clone()></option> }).collect_view();

    view! {
        <section class="tracking" aria-labelledby="titre-suivi">
            <h2 id="titre-suivi">"Suivi de la mesure"</h2>
            <div class="tracking-summary" aria-hidden="true">
                {move || status_chip(annotation.with(|a| a.status))}
                {move || progress_bar(annotation.with(|a| a.progress))}
            </div>
            <div class="field">
                <label for="statut">"Statut"</label>
                <select id="statut" on:change=move |ev| {
                    if let Some(s) = Status::from_id(&event_target_value(&ev)) { apply(Edit::Status(s)) }
                }>
                    {Status::ALL.into_iter().map(|s| view! {
                        <option value=s.id() selected=move || annotation.with(|a| a.status == s)>{format!("{} {}", s.symbol(), s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="avancement">"Avancement (%)"</label>
                <div class="progress-inputs">
                    <input
                        type="range" id="avancement-curseur" min="0" max="100" step="5"
                        aria-label="Avancement, curseur"
                        aria-valuetext=move || format!("{} %", annotation.with(|a| a.progress))
                        prop:value=move || annotation.with(|a| a.progress.to_string())
                        on:change=move |ev| set_progress(event_target_value(&ev))
                    />
                    <input
                        type="number" id="avancement" min="0" max="100" step="1" inputmode="numeric"
                        prop:value=move || annotation.with(|a| a.progress.to_string())
                        on:change=move |ev| set_progress(event_target_value(&ev))
                    />
                </div>
            </div>
            <div class="field">
                <label for="commentaire">"Commentaire du changement " <span class="muted">"(facultatif, joint à l’historique)"</span></label>
                <input type="text" id="commentaire" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="pilote">"Pilote"</label>
                <input
                    type="text" id="pilote" list="acteurs-du-plan" autocomplete="off"
                    prop:value=move || annotation.with(|a| a.pilote.clone())
                    on:change=move |ev| apply(Edit::Pilote(event_target_value(&ev).trim().to_owned()))
                />
                <datalist id="acteurs-du-plan">{bodies}</datalist>
            </div>
            <div class="field">
                <label for="echeance">"Échéance"</label>
                <input
                    type="date" id="echeance" min="2019-01-01" max="2200-12-31"
                    prop:value=move || annotation.with(|a| a.due.map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        match (value.is_empty(), IsoDate::parse(&value)) {
                            (true, _) => apply(Edit::Due(None)),
                            (false, Some(d)) => apply(Edit::Due(Some(d))),
                            (false, None) => error.set(Some("Échéance refusée : date impossible.".into())),
                        }
                    }
                />
            </div>
            <div class="field">
                <label for="notes">"Notes"</label>
                <textarea
                    id="notes" rows="6"
                    prop:value=move || annotation.with(|a| a.notes.clone())
                    on:change=move |ev| apply(Edit::Notes(event_target_value(&ev)))
                ></textarea>
            </div>
            <fieldset class="links">
                <legend>"Justificatifs (liens)"</legend>
                <ul role="list">
                    {move || annotation.with(|a| a.links.clone()).into_iter().enumerate().map(|(i, link)| {
                        let label = if link.label.trim().is_empty() { link.url.clone() } else { link.label.clone() };
                        let remove_label = format!("Retirer le lien « {label} »");
                        let shown = if link.is_web() {
                            view! { <a href=link.url.clone() target="_blank" rel="noopener noreferrer">{label}</a> }.into_any()
                        } else {
                            view! { <span>{label}" "<span class="muted">"(adresse non cliquable : " {link.url.clone()} ")"</span></span> }.into_any()
                        };
                        view! {
                            <li>
                                {shown}
                                <button type="button" class="button-quiet" aria-label=remove_label on:click=move |_| apply(Edit::RemoveLink(i))>"Retirer"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <form class="link-form" on:submit=add_link>
                    <label for="lien-libelle">"Libellé"</label>
                    <input type="text" id="lien-libelle" prop:value=move || link_label.get() on:input=move |ev| link_label.set(event_target_value(&ev))/>
                    <label for="lien-adresse">"Adresse (http ou https)"</label>
                    <input type="url" id="lien-adresse" placeholder="https://" prop:value=move || link_url.get() on:input=move |ev| link_url.set(event_target_value(&ev))/>
                    <button type="submit" class="button">"Ajouter le lien"</button>
                </form>
            </fieldset>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <p class="muted small">
                {move || {
                    let author = store.document.with(|d| d.author.display());
                    format!("Les changements sont signés « {author} ». ")
                }}
                <a href="#/parametres">"Modifier l’auteur"</a>
            </p>
        </section>
    }
}

/// The append-only history of status and progress, newest first.
#[component]
fn History(number: MeasureNo) -> impl IntoView {
    let annotation = current(number);
    let offset = tz_offset();
    view! {
        <section class="history" aria-labelledby="titre-historique">
            <h2 id="titre-historique">"Historique"</h2>
            {move || {
                let history = annotation.with(|a| a.history.clone());
                if history.is_empty() {
                    return view! { <p class="muted">"Aucun changement de statut ni d’avancement n’a encore été enregistré."</p> }.into_any();
                }
                view! {
                    <ol class="timeline" role="list">
                        {history.into_iter().rev().map(|h| {
                            let what = match h.change {
                                Change::Status { from, to } => format!("Statut : {} → {}", from.label(), to.label()),
                                Change::Progress { from, to } => format!("Avancement : {from} % → {to} %"),
                            };
                            view! {
                                <li>
                                    <p class="timeline-head"><span class="timeline-when">{french_datetime(h.at, offset)}</span>" · "{h.by}</p>
                                    <p class="timeline-what">{what}</p>
                                    {(!h.comment.is_empty()).then(|| view! { <p class="timeline-comment">"« "{h.comment}" »"</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
