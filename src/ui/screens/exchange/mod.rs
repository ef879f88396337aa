//! The exchange screen: export (JSON and CSV), import with a preview and
//! an explicit choice between merge and replace (and, per conflict, which
//! side to keep), drag and drop anywhere on the page, and the baseline for
//! "since the last briefing". Files are read here; everything they contain
//! is judged by [`crate::core::files::exchange`].
//!
//! The page itself is here; [`files`] reads what was picked or dropped,
//! [`preview`] shows what a file would do and takes it in, [`conflicts`]
//! offers each conflict's values.

mod conflicts;
mod files;
mod preview;

use crate::core::french;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::files::exchange::{self, ReadError};
use crate::core::files::reference::Reference;
use crate::core::wording::{self, movements_summary};

use crate::ui::clock::{now, timed};
use crate::ui::context::{ctx, Ctx, Message, Pending};
use crate::ui::download::{export_annotations, export_csv, Exported};
use crate::ui::screens::author::signed;
use crate::ui::screens::widgets::{banner_class, MovementList};
use files::read_document_or_what_reads;
pub(in crate::ui) use files::{is_sheet, read_bytes, read_document, read_sheet};
use preview::ImportPreview;

/// Validates a file and shows its preview; nothing changes yet. Takes the
/// context explicitly: it runs in a task, outside any owner.
fn start_import(file: web_sys::File, Ctx { plan, store, exchange: state, .. }: Ctx) {
    let file_name = file.name();
    spawn_local(async move {
        let read = read_bytes(file).await.and_then(|bytes| {
            if let Some(why) = exchange::not_importable(&file_name, &bytes) {
                Err(ReadError::Unimportable(why))
            } else if is_sheet(&file_name, &bytes) {
                read_sheet(&bytes, plan, store).map(|(d, info)| (d, Some(info)))
            } else {
                timed("vigie-lecture", || read_document_or_what_reads(&bytes, plan))
                    .map(|d| (d, None))
            }
        });
        match read {
            Ok((decoded, sheet)) => {
                let preview = store.document().with_untracked(|d| {
                    timed("vigie-apercu", || exchange::preview(d, &decoded.document, plan))
                });
                let ahead =
                    exchange::clock_ahead(&decoded.document, now()).filter(|_| sheet.is_none());
                state.preview(Pending::new(file_name, decoded, preview, ahead, sheet));
            }
            Err(e) => {
                state.close(Some(Message::error(wording::not_imported(&file_name, &e))));
            }
        }
    });
}

fn load_baseline(file: web_sys::File) {
    let Ctx { plan, exchange: state, .. } = ctx();
    let file_name = file.name();
    spawn_local(async move {
        match read_bytes(file).await.and_then(|bytes| read_document(&bytes, plan)) {
            Ok(decoded) => {
                state.set_reference(Some(Reference::of(&decoded.document, &file_name)));
            }
            Err(e) => state.say(Message::error(wording::not_a_reference(&file_name, &e))),
        }
    });
}

fn first_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    chosen_files(ev).into_iter().next()
}

/// The files an input holds, in the order given.
fn chosen_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.get(i)).collect());
    // Let the same files be chosen again later.
    input.set_value("");
    files
}

/// The files of a folder Vigie can read (`.json`, `.csv`), at any depth.
fn readable_in_folder(files: Vec<web_sys::File>) -> Vec<web_sys::File> {
    files
        .into_iter()
        .filter(|f| {
            let name = f.name().to_lowercase();
            name.ends_with(".json") || name.ends_with(".csv")
        })
        .collect()
}

/// A folder's files: those Vigie reads, or a message saying there are none.
fn open_folder(all: Vec<web_sys::File>) {
    let found = all.len();
    let files = readable_in_folder(all);
    if files.is_empty() {
        ctx().exchange.say(Message::error(wording::nothing_readable_in_folder(found)));
    }
    start_files(files, ctx())
}

/// One file is previewed on its own (a spreadsheet's columns, a damaged
/// file's remains, « Remplacer »); several make a round-up.
fn start_files(files: Vec<web_sys::File>, ctx: Ctx) {
    match files.len() {
        0 => {}
        1 => start_import(files.into_iter().next().expect("one file"), ctx),
        _ => crate::ui::screens::roundup::start_round(files, ctx),
    }
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let Ctx { plan, exchange: state, .. } = ctx();
    // A file dropped on any screen waits here: reading it is this screen's
    // code, fetched with it, not the first load's.
    Effect::new(move || {
        let dropped = state.take_dropped();
        if !dropped.is_empty() {
            start_files(dropped, ctx());
        }
    });
    let export_said = RwSignal::new(None::<Exported>);
    let all: Vec<_> = plan.measures.iter().map(|m| m.number).collect();
    let csv_label = format!("Exporter en CSV ({})", french::plural(all.len(), "mesure", "mesures"));
    view! {
        <main id="contenu" class="page page-exchange" tabindex="-1">
            <h1>"Échanger les annotations"</h1>
            <p class="lede">
                "Partagez vos annotations avec vos collègues par fichier, sans serveur\u{a0}: \
                 exportez, envoyez, importez."
            </p>
            <crate::ui::screens::roundup::Progress />
            <div class="message-slot" role="status" aria-live="polite">
                {move || {
                    state
                        .message()
                        .get()
                        .map(|m| {
                            view! { <p class=banner_class(m.severity)>{m.text}</p> }
                        })
                }}
            </div>
            <ImportPreview />
            <div class="exchange-grid">
                <section class="panel" aria-labelledby="titre-exporter">
                    <h2 id="titre-exporter">"Exporter"</h2>
                    <p class="muted">
                        "Un fichier JSON complet (statuts, notes, liens, historiques), \
                         signé de votre nom, à réimporter dans Vigie."
                    </p>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| signed(move || {
                            export_said.set(Some(export_annotations()))
                        })
                    >
                        "Exporter"
                    </button>
                    <p class="muted">
                        "Un tableau pour Excel ou LibreOffice, une ligne par mesure. \
                         Depuis la liste, le CSV suit la recherche et les filtres."
                    </p>
                    <button
                        type="button"
                        class="button-quiet"
                        on:click=move |_| export_said.set(Some(export_csv(&all)))
                    >
                        {csv_label}
                    </button>
                    {export_outcome(export_said)}
                </section>
                <section class="panel" aria-labelledby="titre-importer">
                    <h2 id="titre-importer">"Importer"</h2>
                    <p class="muted">
                        "Chaque fichier est entièrement vérifié, puis un aperçu vous laisse \
                         choisir. Plusieurs fichiers à la fois (les retours du mois) donnent \
                         un seul aperçu et une seule fusion. Vous pouvez aussi les déposer \
                         n’importe où sur la page."
                    </p>
                    <div class="file-buttons">
                        <input
                            type="file"
                            id="fichier-import"
                            class="file-input"
                            multiple
                            accept=".json,application/json,.csv,text/csv"
                            on:change=move |ev| start_files(chosen_files(&ev), ctx())
                        />
                        <label class="file-button" for="fichier-import">
                            "Importer des fichiers (.json ou .csv)"
                        </label>
                        <input
                            type="file"
                            id="dossier-import"
                            class="file-input"
                            prop:webkitdirectory=true
                            on:change=move |ev| open_folder(chosen_files(&ev))
                        />
                        <label class="file-button file-button-quiet" for="dossier-import">
                            "Choisir un dossier"
                        </label>
                    </div>
                    <p class="muted small">
                        "Un CSV exporté par Vigie, modifié dans Excel ou LibreOffice, se \
                         réimporte\u{a0}: les colonnes Statut, Avancement (%), Pilote, \
                         Échéance et Notes deviennent des changements signés de votre nom."
                    </p>
                </section>
                <section class="panel" aria-labelledby="titre-comparer">
                    <h2 id="titre-comparer">"Comparer avec…"</h2>
                    <p class="muted">
                        "Chargez l’export du dernier point pour voir ce qui a bougé depuis. \
                         Il reste à part\u{a0}: rien n’est fusionné. Vigie garde cette référence \
                         (pour la fenêtre du présentateur aussi) jusqu’à ce que vous en \
                         choisissiez une autre ou cessiez de comparer."
                    </p>
                    <input
                        type="file"
                        id="fichier-reference"
                        class="file-input"
                        accept=".json,application/json"
                        on:change=move |ev| {
                            if let Some(f) = first_file(&ev) {
                                load_baseline(f)
                            }
                        }
                    />
                    <label class="file-button" for="fichier-reference">
                        "Choisir l’export de référence (.json)"
                    </label>
                    <BaselinePanel />
                </section>
            </div>
        </main>
        <crate::ui::screens::author::AuthorDialog />
    }
}

/// What moved since the baseline, and the way to stop comparing.
#[component]
fn BaselinePanel() -> impl IntoView {
    let state = ctx().exchange;
    move || {
        state.moved.get().map(|moved| {
            let reference = state.reference();
            let name = reference.as_ref().map(|r| r.file_name.clone()).unwrap_or_default();
            let by = reference.map(|r| r.by).unwrap_or_default();
            view! {
                <p class="baseline-summary">
                    <strong>{movements_summary(&moved.since, &moved.movements)}</strong>
                    " (référence\u{a0}: "
                    <bdi>{name}</bdi>
                    ", exporté par "
                    <bdi>{by}</bdi>
                    ")"
                </p>
                <MovementList movements=moved.movements />
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| state.set_reference(None)
                >
                    "Ne plus comparer"
                </button>
            }
        })
    }
}

/// What the last export did: the file made (a status line) or why it could
/// not be (an alert). Empty before any.
pub(in crate::ui) fn export_outcome(said: RwSignal<Option<Exported>>) -> impl IntoView {
    view! {
        <p class="form-error" role="alert">
            {move || said.get().and_then(Result::err).map(|e| e.to_string())}
        </p>
        <p class="export-done" role="status">
            {move || said.get().and_then(Result::ok)}
        </p>
    }
}
