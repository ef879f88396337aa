//! The exchange screen: export (JSON and CSV), import with a preview and
//! an explicit choice between merge and replace (and, per conflict, which
//! side to keep), drag and drop anywhere on the page, and the baseline for
//! "since the last briefing". Files are read here; everything they contain
//! is judged by [`crate::core::files::exchange`].

use crate::core::french;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::date::french_datetime;
use crate::core::files::codec::{DecodeError, Decoded};
use crate::core::files::exchange::{
    self, Conflict, ImportError, ImportMode, Pick, ReadError, MAX_IMPORT_BYTES,
};
use crate::core::files::reference::Reference;
use crate::core::files::sheet::{self, Encoding};
use crate::core::plan::Plan;
use crate::core::record::annotations::{Change, Field};
use crate::core::record::document::Editor;
use crate::core::record::stamp::Replica;
use crate::core::view::route::Route;
use crate::core::wording::{self, field_title, movements_summary, value_text, Imported};

use crate::core::files::roundup::Sources;
use crate::ui::clock::random_bits;
use crate::ui::clock::{now, timed, zone};
use crate::ui::context::{ctx, Ctx, Message, Pending, SheetInfo};
use crate::ui::download::{export_annotations, export_csv, Exported};
use crate::ui::screens::author::signed;
use crate::ui::screens::widgets::{banner_class, notes_change, MovementList};
use crate::ui::store::{ImportRefused, Store};

/// Reads a file's bytes, refusing oversized files before reading them.
pub(in crate::ui) async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, ReadError> {
    let size = file.size() as usize;
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(size).into());
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ReadError::NotRead)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub(in crate::ui) fn read_document(bytes: &[u8], plan: &Plan) -> Result<Decoded, ReadError> {
    Ok(exchange::read_file(bytes, plan, now())?)
}

/// A file read strictly, or, when its text is damaged (a backup of damaged
/// stored data, a file cut short), what still reads of it: the preview then
/// says what was left out. A file whose values are wrong is refused whole.
fn read_document_or_what_reads(bytes: &[u8], plan: &Plan) -> Result<Decoded, ReadError> {
    match exchange::read_file(bytes, plan, now()) {
        Err(ImportError::Decode(DecodeError::NotJson { .. })) => {
            match exchange::read_damaged_file(bytes, plan, now()) {
                Ok(decoded) if decoded.document.annotations().all().next().is_some() => Ok(decoded),
                _ => read_document(bytes, plan),
            }
        }
        other => Ok(other?),
    }
}

/// A spreadsheet rather than a JSON export: by its name, else by its first
/// character (an export starts with `{`).
pub(in crate::ui) fn is_sheet(file_name: &str, bytes: &[u8]) -> bool {
    let name = file_name.to_ascii_lowercase();
    if name.ends_with(".csv") || name.ends_with(".txt") {
        return true;
    }
    if name.ends_with(".json") {
        return false;
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{')
}

/// A spreadsheet's text: UTF-8 (with or without BOM) when the bytes are
/// UTF-8, else Windows-1252, as Excel saves CSV in France. The browser's
/// own decoder knows it: no encoding table in the bundle.
fn sheet_text(bytes: &[u8]) -> Result<(String, Encoding), ReadError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Encoding::Utf8));
    }
    let refused = |_| ReadError::NotDecoded;
    let decoder = web_sys::TextDecoder::new_with_label("windows-1252").map_err(refused)?;
    let text = decoder.decode_with_u8_array(bytes).map_err(refused)?;
    Ok((text, Encoding::Windows1252))
}

/// A spreadsheet read and turned into this tab's document plus its changes,
/// signed by this tab's author; a replica of its own, so that an import
/// cancelled leaves no stamp this tab could make again.
pub(in crate::ui) fn read_sheet(
    bytes: &[u8],
    plan: &'static Plan,
    store: Store,
) -> Result<(Decoded, SheetInfo), ReadError> {
    let (text, encoding) = sheet_text(bytes)?;
    let read = sheet::read(&text, plan).map_err(ReadError::Sheet)?;
    let editor = Editor { replica: Replica::from_bits(random_bits()), now: now() };
    let document = store
        .document()
        .with_untracked(|d| sheet::apply(d, &read, plan, &d.author().display(), &editor, encoding))
        .map_err(ReadError::Edit)?;
    let info = SheetInfo {
        rows: read.rows.len(),
        separator: read.separator,
        encoding,
        ignored: read.ignored,
        versions: read.versions,
        dates: read.dates,
    };
    Ok((Decoded { document, migrated_from: None, dropped: Default::default() }, info))
}

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
fn ImportPreview() -> impl IntoView {
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

/// One measure in conflict: for each field in conflict, every value it
/// would hold, with who wrote it, when, and where it is (this browser, or
/// which file), and the choice of one, or of leaving the conflict open for
/// the measure's page.
#[component]
fn ConflictChoice(conflict: Conflict, sources: Option<Sources>) -> impl IntoView {
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
