//! What the pending file would do (who exported it and when, warnings,
//! counts, conflicts, every change, hidings, reused stamps) and the
//! choice of what to do with it: merge, replace or cancel.

use crate::core::french;
use leptos::prelude::*;

use crate::core::date::french_datetime;
use crate::core::files::exchange::{self, ImportMode};
use crate::core::record::annotations::Change;
use crate::core::view::route::Route;
use crate::core::wording::{self, field_title, value_text, Imported};

use super::conflicts::ConflictChoice;
use crate::core::files::roundup::Sources;
use crate::ui::clock::zone;
use crate::ui::context::{ctx, Ctx, Message, Pending, SheetInfo};
use crate::ui::screens::widgets::notes_change;
use crate::ui::store::ImportRefused;

/// Takes the pending file in as chosen, and says so.
fn apply(mode: Option<ImportMode>) {
    let Ctx { store, exchange: state, .. } = ctx();
    let Some(p) = state.pending().get_untracked() else { return };
    let mode = mode.unwrap_or(ImportMode::Merge { choices: p.choices.clone() });
    let n = match &mode {
        ImportMode::OnlyMatching { measures } => measures.len(),
        _ => p.preview.changed(),
    };
    match store.import(&p.document, &mode, &p.preview, p.undo_label()) {
        Ok(()) => {}
        Err(ImportRefused::Stale(now)) => {
            state.choose(|p| p.redo(*now));
            state.say(Message::error(
                "Vos annotations ont changé pendant l’aperçu (un autre onglet)\u{a0}: \
                 rien n’a été importé, et l’aperçu ci-dessous a été refait. Vérifiez-le, \
                 puis fusionnez."
                    .to_owned(),
            ));
            return;
        }
        Err(ImportRefused::ReadOnly) => {
            state.say(Message::error(
                "Import impossible\u{a0}: Vigie est en lecture seule dans cet onglet.".to_owned(),
            ));
            return;
        }
    }
    let what = match &p.round {
        Some(sources) => Imported::Files(sources.lines.len()),
        None if mode == ImportMode::Replace => Imported::Replaced(&p.file_name),
        None => Imported::Merged(&p.file_name),
    };
    state.close(Some(Message::info(wording::import_done(what, n))));
}

/// What the pending file would do, and the choice of what to do with it.
#[component]
pub(super) fn ImportPreview() -> impl IntoView {
    let state = ctx().exchange;
    move || {
        state.pending().get().map(|p| {
            let pv = p.preview.clone();
            let other_plan =
                pv.other_plan.then(|| view! { <OtherPlan matching=pv.still_matching.clone() /> });
            view! {
                <section class="panel import-preview" aria-labelledby="titre-apercu">
                    <h2 id="titre-apercu">
                        {format!("Aperçu de l’import\u{a0}: {}", p.file_name)}
                    </h2>
                    <FileOrigin pending=p.clone() />
                    <PreviewWarnings pending=p.clone() />
                    <PreviewCounts preview=pv.clone() />
                    <PreviewConflicts
                        preview=pv.clone()
                        sources=p.round.clone()
                        open=p.open_by_default()
                    />
                    <Hidings preview=pv.clone() />
                    <Collisions preview=pv.clone() />
                    <ChangeList preview=pv.clone() />
                    {other_plan}
                    <ImportActions pending=p />
                </section>
            }
        })
    }
}

/// Where the file comes from: the lines of a round's files, a
/// spreadsheet's summary, or who exported it and when.
#[component]
fn FileOrigin(pending: Pending) -> impl IntoView {
    match (pending.sheet, pending.round) {
        (_, Some(sources)) => {
            view! { <crate::ui::screens::roundup::FileLines sources /> }.into_any()
        }
        (Some(sheet), None) => view! { <SheetSummary sheet /> }.into_any(),
        (None, None) => {
            let author = pending.document.author().display();
            let when = match pending.document.written_at {
                0 => "à une date inconnue".to_owned(),
                at => format!("le {}", french_datetime(at, &zone)),
            };
            view! { <p>"Exporté par "<bdi>{author}</bdi>{format!(", {when}.")}</p> }.into_any()
        }
    }
}

/// What to know before trusting the preview: a clock running ahead, a
/// damaged file read in part.
#[component]
fn PreviewWarnings(pending: Pending) -> impl IntoView {
    let ahead = pending.ahead.map(|ms| {
        view! {
            <div class="banner banner-warning" role="alert">
                <p>
                    {clock_owner(&pending.document)}
                    {format!(
                        " avance d’environ {}\u{a0}: ses modifications paraissent \
                         plus récentes qu’elles ne le sont. Aucun conflit n’est donc \
                         réglé d’office sur «\u{202f}la plus récente\u{202f}»\u{a0}: \
                         ils restent ouverts sur la page de chaque mesure, où vous \
                         choisirez.",
                        french::about(ms),
                    )}
                </p>
            </div>
        }
    });
    let damaged = pending.damaged.map(|problems| {
        view! {
            <div class="banner banner-warning" role="alert">
                <p>
                    {format!(
                        "Ce fichier est endommagé. Ce qui suit n’a pas pu être lu et ne \
                         sera pas importé\u{a0}: {}. Le reste est lisible\u{a0}: \
                         l’aperçu ci-dessous ne porte que sur lui.",
                        problems.summary(5),
                    )}
                </p>
            </div>
        }
    });
    view! {
        {ahead}
        {damaged}
    }
}

/// How many measures the merge adds, updates, leaves and finds in conflict.
#[component]
fn PreviewCounts(preview: exchange::Preview) -> impl IntoView {
    let count = |n: usize, what: &str| {
        view! {
            <li>
                <strong>{n}</strong>
                {format!("\u{a0}{} {what}", french::agreed(n, "mesure", "mesures"))}
            </li>
        }
    };
    let unchanged = preview.unchanged.len();
    let unchanged_words =
        french::agreed(unchanged, "laissée telle quelle", "laissées telles quelles");
    view! {
        <p class="muted">
            {format!(
                "La fusion change {}\u{a0}:",
                french::plural(preview.changed(), "mesure", "mesures"),
            )}
        </p>
        <ul class="preview-counts" role="list">
            {count(preview.added.len(), "à ajouter")}
            {count(preview.updated.len(), "à mettre à jour")}
            {count(unchanged, unchanged_words)}
            {count(preview.conflicts.len(), "en conflit")}
        </ul>
    }
}

/// Each conflict with its values to choose from, and what happens when
/// nobody chooses (`open`: it stays open on the measure's page).
#[component]
fn PreviewConflicts(
    preview: exchange::Preview,
    sources: Option<Sources>,
    open: bool,
) -> impl IntoView {
    (!preview.conflicts.is_empty()).then(|| {
        let items = preview
            .conflicts
            .iter()
            .map(|c| view! { <ConflictChoice conflict=c.clone() sources=sources.clone() /> })
            .collect_view();
        let default = if open {
            "Par défaut, chaque conflit reste ouvert\u{a0}: il s’affiche sur la page \
             de la mesure, les valeurs côte à côte, jusqu’à ce que quelqu’un choisisse."
        } else {
            "Par défaut, la valeur modifiée le plus récemment (les dates sont indiquées)."
        };
        view! {
            <div class="conflicts">
                <h3>
                    {format!(
                        "{} en conflit",
                        french::plural(preview.conflicts.len(), "mesure", "mesures"),
                    )}
                </h3>
                <p class="muted">
                    "Modifiées de plusieurs côtés sans que l’un connaisse l’autre. \
                     Choisissez, champ par champ, la valeur à garder\u{a0}: \
                     les autres restent dans l’historique de la mesure. " {default}
                </p>
                <ul class="plain-list conflict-list" role="list">
                    {items}
                </ul>
            </div>
        }
    })
}

/// Merge, replace (after a confirmation) or cancel.
#[component]
fn ImportActions(pending: Pending) -> impl IntoView {
    let Ctx { store, exchange: state, .. } = ctx();
    if pending.confirming_replace {
        return view! { <ConfirmReplace /> }.into_any();
    }
    let confirm = move |_| state.choose(|p| p.confirming_replace = true);
    let cancel = move |_| {
        state.close(Some(Message::info("Import annulé\u{a0}: rien n’a changé.".to_owned())))
    };
    // A round whose files all bring nothing: only its lines to read.
    let nothing = pending.round.as_ref().is_some_and(|r| r.bringing() == 0);
    // A sheet only changes cells: there is nothing to replace with; a
    // round's files are each someone's part.
    let replaceable = pending.sheet.is_none() && pending.round.is_none();
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button"
                hidden=nothing
                prop:disabled=move || store.read_only()
                on:click=move |_| apply(None)
            >
                {if pending.round.is_some() { "Fusionner tout" } else { "Fusionner" }}
            </button>
            {replaceable
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button-quiet"
                            prop:disabled=move || store.read_only()
                            on:click=confirm
                        >
                            "Remplacer…"
                        </button>
                    }
                })}
            <button type="button" class="button-quiet" on:click=cancel>
                {if nothing { "Fermer" } else { "Annuler l’import" }}
            </button>
        </div>
    }
    .into_any()
}

/// « L’horloge de l’ordinateur de Karim Benali », « … d’Élodie Faure », or,
/// for an unsigned file, « … qui a écrit ce fichier ».
fn clock_owner(file: &crate::core::record::document::Document) -> impl IntoView {
    let author = file.author();
    if author.is_empty() {
        return view! { "L’horloge de l’ordinateur qui a écrit ce fichier" }.into_any();
    }
    let name = author.display();
    view! {
        "L’horloge de l’ordinateur "
        {french::de(&name)}
        <bdi>{name}</bdi>
    }
    .into_any()
}

/// Most changes listed by name in a preview: a file of thousands stays
/// quick to show, and the counts say how many more the merge makes.
const LISTED_CHANGES: usize = 200;

/// Every value the merge changes, measure by measure: the old value, the
/// new one, who wrote it and when.
#[component]
fn ChangeList(preview: exchange::Preview) -> impl IntoView {
    let plan = ctx().plan;
    let total = preview.changes.len();
    if total == 0 {
        return ().into_any();
    }
    let mut groups: Vec<(crate::core::plan::MeasureNo, Vec<exchange::FieldChange>)> = Vec::new();
    for c in preview.changes.into_iter().take(LISTED_CHANGES) {
        match groups.last_mut() {
            Some((n, list)) if *n == c.measure => list.push(c),
            _ => groups.push((c.measure, vec![c])),
        }
    }
    let items = groups
        .into_iter()
        .map(|(n, changes)| {
            let title = plan.measure(n).map_or(String::new(), |m| m.short_title.clone());
            let lines =
                changes.into_iter().map(|c| view! { <ChangeLine change=c /> }).collect_view();
            view! {
                <li>
                    <h3>
                        <a href=Route::Measure(n).to_hash()>{format!("Mesure {n} — {title}")}</a>
                    </h3>
                    <ul class="plain-list change-lines" role="list">
                        {lines}
                    </ul>
                </li>
            }
        })
        .collect_view();
    let more = total.saturating_sub(LISTED_CHANGES);
    view! {
        <details class="change-list" open=total <= 40>
            <summary>
                {format!(
                    "Le détail\u{a0}: {} (valeur d’avant → valeur d’après, qui, quand)",
                    french::plural(total, "modification", "modifications"),
                )}
            </summary>
            <ul class="plain-list" role="list">
                {items}
            </ul>
            {(more > 0)
                .then(|| {
                    view! {
                        <p class="muted">
                            {format!(
                                "… et {} de plus, que la fusion fait aussi.",
                                french::plural(more, "modification", "modifications"),
                            )}
                        </p>
                    }
                })}
        </details>
    }
    .into_any()
}

/// One field that the merge changes.
#[component]
fn ChangeLine(change: exchange::FieldChange) -> impl IntoView {
    let who = format!(", {}", french_datetime(change.after.at.ms, &zone));
    let by = change.after.by.clone();
    let (what, texts) = match (&change.before, &change.after.change) {
        (Change::Notes(old), Change::Notes(new)) => {
            ("Notes modifiées".to_owned(), Some((old.clone(), new.clone())))
        }
        (_, Change::Comment { text, .. }) => {
            (format!("Commentaire ajouté\u{a0}: {}", french::quoted(text)), None)
        }
        (old, new) => (
            format!(
                "{}\u{a0}: {} → {}",
                field_title(change.field),
                value_text(old),
                value_text(new)
            ),
            None,
        ),
    };
    let conflict = change.in_conflict.then(|| {
        view! {
            <span class="conflict-mark">
                " · ⚠ en conflit dans le fichier, à régler sur la page de la mesure"
            </span>
        }
    });
    view! {
        <li>
            <bdi>{what}</bdi>
            <span class="muted small">" — " <bdi>{by}</bdi> {who}</span>
            {conflict}
            {texts.map(|(old, new)| notes_change(old, new))}
        </li>
    }
}

/// Replacements (« Remplacer ») the file carries that would hide changes
/// shown here.
#[component]
fn Hidings(preview: exchange::Preview) -> impl IntoView {
    preview
        .hides
        .into_iter()
        .map(|h| {
            let count: usize = h.measures.iter().map(|(_, n)| n).sum();
            let measures: Vec<_> = h.measures.iter().map(|(n, _)| *n).collect();
            view! {
                <div class="banner banner-warning" role="alert">
                    <p>
                        {wording::hiding_warning(
                            &h.by,
                            &french_datetime(h.at.ms, &zone),
                            count,
                            &measures,
                        )}
                    </p>
                </div>
            }
        })
        .collect_view()
}

/// Changes of the file that reuse the stamp of a change held here.
#[component]
fn Collisions(preview: exchange::Preview) -> impl IntoView {
    (!preview.collisions.is_empty()).then(|| {
        let which: Vec<String> = preview
            .collisions
            .iter()
            .map(|(m, f)| format!("mesure {m}\u{a0}: {}", field_title(*f).to_lowercase()))
            .collect();
        view! {
            <div class="banner banner-warning" role="alert">
                <p>
                    {format!(
                        "Ce fichier réutilise l’identifiant de changements déjà enregistrés ici, \
                         avec un autre contenu ({}). Rien n’est remplacé\u{a0}: les deux \
                         versions sont gardées, côte à côte, et le conflit reste ouvert sur la \
                         page de la mesure.",
                        which.join(", "),
                    )}
                </p>
            </div>
        }
    })
}

/// How a spreadsheet was read: rows, separator, encoding, columns left out,
/// whether it says what it was exported from, how its dates read.
#[component]
fn SheetSummary(sheet: SheetInfo) -> impl IntoView {
    use crate::core::files::sheet::{DateOrder, Versions};
    let separator = match sheet.separator {
        ';' => "point-virgule",
        _ => "virgule",
    };
    let versions = match &sheet.versions {
        Versions::Present => None,
        Versions::Absent => Some(
            "Ce tableau ne dit pas de quelle version de vos annotations il vient (colonne \
             «\u{202f}Version\u{202f}» absente\u{a0}: un export ancien, ou un tableau fait à la \
             main). Chaque cellule qui diffère de vos annotations est donc présentée en conflit, \
             les deux valeurs côte à côte\u{a0}: rien n’est remplacé sans votre choix."
                .to_owned(),
        ),
        Versions::Damaged(lines) => Some(wording::damaged_versions(lines)),
    };
    let dates = (sheet.dates == DateOrder::MonthDay).then_some(
        "Les échéances ont été lues au format mois/jour/année (un tableur réglé en anglais les \
         a réécrites ainsi)\u{a0}: vérifiez-les dans le détail ci-dessous.",
    );
    view! {
        <p>{wording::sheet_read(sheet.rows, separator, sheet.encoding.label())}</p>
        {versions
            .map(|text| {
                view! {
                    <div class="banner banner-warning" role="alert">
                        <p>{text}</p>
                    </div>
                }
            })}
        {dates
            .map(|text| {
                view! {
                    <div class="banner banner-info" role="status">
                        <p>{text}</p>
                    </div>
                }
            })}
        {(!sheet.ignored.is_empty())
            .then(|| view! { <p class="muted">{wording::ignored_columns(&sheet.ignored)}</p> })}
    }
}

/// "Remplacer", confirmed.
#[component]
fn ConfirmReplace() -> impl IntoView {
    let Ctx { store, exchange: state, .. } = ctx();
    let current = store.document().with_untracked(|d| d.annotations().annotated());
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby="titre-confirmer">
            <p id="titre-confirmer">
                <strong>{wording::replace_question(current)}</strong>
                " Ce qui n’est pas dans le fichier sera mis de côté \
                 (le bouton «\u{202f}Annuler\u{202f}» de l’en-tête permet de revenir en arrière)."
            </p>
            <div class="button-row">
                <button
                    type="button"
                    class="button button-danger"
                    on:click=move |_| apply(Some(ImportMode::Replace))
                >
                    "Oui, remplacer"
                </button>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| state.choose(|p| p.confirming_replace = false)
                >
                    "Non, revenir à l’aperçu"
                </button>
            </div>
        </div>
    }
}

/// A file made on another wording of the plan: only the measures whose
/// text is unchanged may come in.
#[component]
fn OtherPlan(matching: Vec<crate::core::plan::MeasureNo>) -> impl IntoView {
    let count = matching.len();
    if count == 0 {
        return view! {
            <div class="banner banner-warning" role="alert">
                <p>
                    "Ce fichier a été établi sur une autre version du texte du plan, \
                     et aucune de ses mesures n’a gardé le même texte\u{a0}: \
                     rien ne peut en être importé sans risque."
                </p>
            </div>
        }
        .into_any();
    }
    let text = wording::other_plan(&matching);
    let label = format!("Importer seulement ces {}", french::plural(count, "mesure", "mesures"));
    view! {
        <div class="banner banner-warning" role="alert">
            <p>{text}</p>
            <button
                type="button"
                class="button"
                on:click=move |_| apply(
                    Some(ImportMode::OnlyMatching {
                        measures: matching.clone(),
                    }),
                )
            >
                {label}
            </button>
        </div>
    }
    .into_any()
}
