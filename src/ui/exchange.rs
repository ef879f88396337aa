//! The exchange screen: export (JSON and CSV), import with a preview and
//! an explicit choice between merge and replace (and, per conflict, which
//! side to keep), drag and drop anywhere on the page, and the baseline for
//! "since the last briefing". Files are read here; everything they contain
//! is judged by [`crate::core::exchange`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::annotations::EditError;
use crate::core::codec::Decoded;
use crate::core::date::french_datetime;
use crate::core::document::Editor;
use crate::core::exchange::{self, Conflict, ImportMode, Side, MAX_IMPORT_BYTES};
use crate::core::plan::Plan;
use crate::core::route::Route;
use crate::core::sheet::{self, Encoding};
use crate::core::stamp::Replica;
use crate::core::wording::{
    field_title, list_numbers, movements_summary, plural, quoted, s, value_text,
};

use super::author::signed;
use super::clock::random_bits;
use super::clock::{now, zone};
use super::context::{ctx, Baseline, Ctx, Message, Pending, SheetInfo};
use super::download::{export_annotations, export_csv};
use super::router::History;
use super::store::Store;
use super::widgets::MovementList;

/// Reads a file's bytes, refusing oversized files before reading them.
async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    let size = file.size() as usize;
    if size > MAX_IMPORT_BYTES {
        return Err(exchange::ImportError::TooLarge(size).to_string());
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "le navigateur n’a pas pu lire le fichier".to_owned())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn read_document(bytes: &[u8], plan: &Plan) -> Result<Decoded, String> {
    exchange::read_file(bytes, plan, now()).map_err(|e| e.to_string())
}

/// A spreadsheet rather than a JSON export: by its name, else by its first
/// character (an export starts with `{`).
fn is_sheet(file_name: &str, bytes: &[u8]) -> bool {
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
fn sheet_text(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Encoding::Utf8));
    }
    let refused = |_| "le navigateur n’a pas pu décoder le fichier (Windows-1252)".to_owned();
    let decoder = web_sys::TextDecoder::new_with_label("windows-1252").map_err(refused)?;
    let text = decoder.decode_with_u8_array(bytes).map_err(refused)?;
    Ok((text, Encoding::Windows1252))
}

/// A spreadsheet read and turned into this tab's document plus its changes,
/// signed by this tab's author; a replica of its own, so that an import
/// cancelled leaves no stamp this tab could make again.
fn read_sheet(
    bytes: &[u8],
    plan: &'static Plan,
    store: Store,
) -> Result<(Decoded, SheetInfo), String> {
    let (text, encoding) = sheet_text(bytes)?;
    let read = sheet::read(&text, plan).map_err(|e| e.to_string())?;
    let editor = Editor { replica: Replica::from_bits(random_bits()), now: now() };
    let document = store
        .document()
        .with_untracked(|d| sheet::apply(d, &read, plan, &d.author().display(), &editor, encoding))
        .map_err(|e| e.to_string())?;
    let info = SheetInfo {
        rows: read.rows.len(),
        separator: read.separator,
        encoding,
        ignored: read.ignored,
    };
    Ok((Decoded { document, migrated_from: None, dropped: Default::default() }, info))
}

/// Validates a file and shows its preview; nothing changes yet. Takes the
/// context explicitly: drops arrive in window listeners, outside any owner.
fn start_import(file: web_sys::File, Ctx { plan, store, router, exchange: state, .. }: Ctx) {
    let file_name = file.name();
    spawn_local(async move {
        let read = read_bytes(file).await.and_then(|bytes| {
            if is_sheet(&file_name, &bytes) {
                read_sheet(&bytes, plan, store).map(|(d, info)| (d, Some(info)))
            } else {
                read_document(&bytes, plan).map(|d| (d, None))
            }
        });
        match read {
            Ok((decoded, sheet)) => {
                let preview = store
                    .document()
                    .with_untracked(|d| exchange::preview(d, &decoded.document, plan));
                if !preview.overfull.is_empty() {
                    state.pending.set(None);
                    let e = EditError::TooManyChangesIn(preview.overfull);
                    state.message.set(Some(Message::error(format!(
                        "{} n’a pas été importé\u{202f}: {e}. Vos annotations n’ont pas changé.",
                        quoted(&file_name)
                    ))));
                } else {
                    state.message.set(None);
                    let pending = Pending { sheet, ..Pending::new(file_name, decoded, preview) };
                    state.pending.set(Some(pending));
                }
            }
            Err(e) => {
                state.pending.set(None);
                state.message.set(Some(Message::error(format!(
                    "{} n’a pas été importé\u{202f}: {e}. Vos annotations n’ont pas changé.",
                    quoted(&file_name)
                ))));
            }
        }
        router.go(Route::Exchange, History::Push);
    });
}

fn load_baseline(file: web_sys::File) {
    let Ctx { plan, exchange: state, .. } = ctx();
    let file_name = file.name();
    spawn_local(async move {
        match read_bytes(file).await.and_then(|bytes| read_document(&bytes, plan)) {
            Ok(decoded) => {
                state.baseline.set(Some(Baseline { document: decoded.document, file_name }));
                state.message.set(None);
            }
            Err(e) => state.message.set(Some(Message::error(format!(
                "{} ne peut pas servir de référence\u{202f}: {e}.",
                quoted(&file_name)
            )))),
        }
    });
}

fn first_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0);
    // Let the same file be chosen again later.
    input.set_value("");
    file
}

/// Accepts a file dropped anywhere on the page as an import.
pub fn listen_for_drops() {
    let context = ctx();
    let over = window_event_listener(leptos::ev::dragover, |ev| {
        if ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else {
            return;
        };
        ev.prevent_default();
        start_import(file, context);
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let Ctx { plan, exchange: state, .. } = ctx();
    let export_error = RwSignal::new(None::<String>);
    let all: Vec<_> = plan.measures.iter().map(|m| m.number).collect();
    let csv_label = format!("Exporter en CSV ({})", plural(all.len(), "mesure", "mesures"));
    view! {
        <main id="contenu" class="page page-exchange" tabindex="-1">
            <h1>"Échanger les annotations"</h1>
            <p class="lede">
                "Partagez vos annotations avec vos collègues par fichier, sans serveur\u{202f}: \
                 exportez, envoyez, importez."
            </p>
            <div class="message-slot" role="status" aria-live="polite">
                {move || {
                    state
                        .message
                        .get()
                        .map(|m| {
                            view! {
                                <p class=if m.error {
                                    "banner banner-error"
                                } else {
                                    "banner banner-info"
                                }>{m.text}</p>
                            }
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
                            export_error.set(export_annotations().err())
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
                        on:click=move |_| export_error.set(export_csv(&all).err())
                    >
                        {csv_label}
                    </button>
                    <p class="form-error" role="alert">
                        {move || {
                            export_error.get().map(|e| format!("Export impossible\u{202f}: {e}."))
                        }}
                    </p>
                </section>
                <section class="panel" aria-labelledby="titre-importer">
                    <h2 id="titre-importer">"Importer"</h2>
                    <p class="muted">
                        "Le fichier est entièrement vérifié, puis un aperçu vous laisse \
                         choisir entre fusionner et remplacer. \
                         Vous pouvez aussi déposer un fichier n’importe où sur la page."
                    </p>
                    <input
                        type="file"
                        id="fichier-import"
                        class="file-input"
                        accept=".json,application/json,.csv,text/csv"
                        on:change=move |ev| {
                            if let Some(f) = first_file(&ev) {
                                start_import(f, ctx())
                            }
                        }
                    />
                    <label class="file-button" for="fichier-import">
                        "Importer un fichier (.json ou .csv)"
                    </label>
                    <p class="muted small">
                        "Un CSV exporté par Vigie, modifié dans Excel ou LibreOffice, se \
                         réimporte\u{202f}: les colonnes Statut, Avancement (%), Pilote, \
                         Échéance et Notes deviennent des changements signés de votre nom."
                    </p>
                </section>
                <section class="panel" aria-labelledby="titre-comparer">
                    <h2 id="titre-comparer">"Comparer avec…"</h2>
                    <p class="muted">
                        "Chargez l’export du dernier point pour voir ce qui a bougé depuis. \
                         Il reste à part\u{202f}: rien n’est fusionné."
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
    }
}

/// Takes the pending file in as chosen, and says so.
fn apply(mode: Option<ImportMode>) {
    let Ctx { store, exchange: state, .. } = ctx();
    let Some(p) = state.pending.get_untracked() else { return };
    let mode = mode.unwrap_or(ImportMode::Merge { choices: p.choices.clone() });
    let n = match &mode {
        ImportMode::OnlyMatching { measures } => measures.len(),
        // A sheet's document is this tab's plus its changes: count those.
        _ if p.sheet.is_some() => p.preview.added.len() + p.preview.updated.len(),
        _ => p.preview.total(),
    };
    if let Err(e) = store.import(&p.document, &mode, &p.file_name) {
        state.message.set(Some(Message::error(format!("Import impossible\u{202f}: {e}."))));
        return;
    }
    state.pending.set(None);
    let how = if mode == ImportMode::Replace {
        "remplacé vos annotations"
    } else {
        "été fusionné avec vos annotations"
    };
    state.message.set(Some(Message::info(format!(
        "{} a {how} ({}). Le bouton «\u{202f}Annuler\u{202f}» de l’en-tête revient en arrière.",
        quoted(&p.file_name),
        plural(n, "mesure", "mesures")
    ))));
}

/// What the pending file would do, and the choice of what to do with it.
#[component]
fn ImportPreview() -> impl IntoView {
    let Ctx { store, exchange: state, .. } = ctx();
    move || {
        state.pending.get().map(|p| {
            let author = p.document.author().display();
            let when = match p.document.written_at {
                0 => "à une date inconnue".to_owned(),
                at => french_datetime(at, &zone),
            };
            let pv = p.preview.clone();
            let conflicts = (!pv.conflicts.is_empty()).then(|| {
                let items = pv
                    .conflicts
                    .iter()
                    .map(|c| view! { <ConflictChoice conflict=c.clone() /> })
                    .collect_view();
                view! {
                    <div class="conflicts">
                        <h3>
                            {format!(
                                "{} en conflit",
                                plural(pv.conflicts.len(), "mesure", "mesures"),
                            )}
                        </h3>
                        <p class="muted">
                            "Modifiées des deux côtés sans que l’un connaisse l’autre. \
                             Choisissez, mesure par mesure, la version à garder\u{202f}: \
                             l’autre reste dans l’historique de la mesure. \
                             Par défaut, la plus récente."
                        </p>
                        <ul class="plain-list conflict-list" role="list">
                            {items}
                        </ul>
                    </div>
                }
            });
            let other_plan =
                pv.other_plan.then(|| view! { <OtherPlan matching=pv.still_matching.clone() /> });
            let count = |n: usize, what: &str| {
                view! {
                    <li>
                        <strong>{n}</strong>
                        {format!("\u{a0}{} {what}", if n > 1 { "mesures" } else { "mesure" })}
                    </li>
                }
            };
            let unchanged = pv.unchanged.len();
            let unchanged_words =
                format!("laissée{} telle{} quelle{}", s(unchanged), s(unchanged), s(unchanged));
            view! {
                <section class="panel import-preview" aria-labelledby="titre-apercu">
                    <h2 id="titre-apercu">
                        {format!("Aperçu de l’import\u{202f}: {}", p.file_name)}
                    </h2>
                    {match &p.sheet {
                        None => {
                            view! {
                                <p>"Exporté par "<bdi>{author}</bdi>{format!(", le {when}.")}</p>
                            }
                                .into_any()
                        }
                        Some(sheet) => view! { <SheetSummary sheet=sheet.clone() /> }.into_any(),
                    }}
                    <p class="muted">
                        {match p.sheet {
                            Some(_) => {
                                format!(
                                    "Le tableau change {}. En fusion\u{202f}:",
                                    plural(
                                        pv.added.len() + pv.updated.len() + pv.conflicts.len(),
                                        "mesure",
                                        "mesures",
                                    ),
                                )
                            }
                            None => {
                                format!(
                                    "Le fichier annote {}. En fusion\u{202f}:",
                                    plural(pv.total(), "mesure", "mesures"),
                                )
                            }
                        }}
                    </p>
                    <ul class="preview-counts" role="list">
                        {count(pv.added.len(), "à ajouter")}
                        {count(pv.updated.len(), "à mettre à jour")}
                        {count(unchanged, &unchanged_words)}
                        {count(pv.conflicts.len(), "en conflit")}
                    </ul>
                    {conflicts}
                    {other_plan}
                    {if p.confirming_replace {
                        view! { <ConfirmReplace /> }.into_any()
                    } else {
                        let confirm = move |_| {
                            state
                                .pending
                                .update(|p| {
                                    if let Some(p) = p {
                                        p.confirming_replace = true;
                                    }
                                })
                        };
                        let cancel = move |_| {
                            state.pending.set(None);
                            state
                                .message
                                .set(
                                    Some(
                                        Message::info(
                                            "Import annulé\u{202f}: rien n’a changé.".to_owned(),
                                        ),
                                    ),
                                );
                        };
                        view! {
                            <div class="button-row">
                                <button
                                    type="button"
                                    class="button"
                                    prop:disabled=move || store.read_only()
                                    on:click=move |_| apply(None)
                                >
                                    "Fusionner"
                                </button>
                                // A sheet only changes cells: there is nothing to replace with.
                                {p
                                    .sheet
                                    .is_none()
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
                                    "Annuler l’import"
                                </button>
                            </div>
                        }
                            .into_any()
                    }}
                </section>
            }
        })
    }
}

/// How a spreadsheet was read: rows, separator, encoding, columns left out.
#[component]
fn SheetSummary(sheet: SheetInfo) -> impl IntoView {
    let separator = match sheet.separator {
        ';' => "point-virgule",
        _ => "virgule",
    };
    view! {
        <p>
            {format!(
                "Tableur\u{202f}: {} lue{} (séparateur {separator}, encodage {}). \
                 Chaque cellule modifiée devient un changement signé de votre nom, \
                 «\u{202f}importé depuis tableur\u{202f}».",
                plural(sheet.rows, "ligne", "lignes"),
                s(sheet.rows),
                sheet.encoding.label(),
            )}
        </p>
        {(!sheet.ignored.is_empty())
            .then(|| {
                let names: Vec<String> = sheet.ignored.iter().map(|c| quoted(c)).collect();
                view! {
                    <p class="muted">
                        {format!(
                            "Colonne{s} ignorée{s}\u{202f}: {}.",
                            names.join(", "),
                            s = s(sheet.ignored.len()),
                        )}
                    </p>
                }
            })}
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
                <strong>
                    {format!(
                        "Remplacer vos {} annotée{} par le contenu du fichier\u{202f}?",
                        plural(current, "mesure", "mesures"),
                        s(current),
                    )}
                </strong>
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
                    on:click=move |_| {
                        state
                            .pending
                            .update(|p| {
                                if let Some(p) = p {
                                    p.confirming_replace = false;
                                }
                            })
                    }
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
                     et aucune de ses mesures n’a gardé le même texte\u{202f}: \
                     rien ne peut en être importé sans risque."
                </p>
            </div>
        }
        .into_any();
    }
    let text = format!(
        "Ce fichier a été établi sur une autre version du texte du plan. {} dont le texte \
         n’a pas changé peu{} être importée{} sans risque ({}).",
        plural(count, "mesure", "mesures"),
        if count > 1 { "vent" } else { "t" },
        s(count),
        list_numbers(&matching)
    );
    let label = format!("Importer seulement ces {}", plural(count, "mesure", "mesures"));
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
            let name = state
                .baseline
                .with(|b| b.as_ref().map(|b| b.file_name.clone()).unwrap_or_default());
            view! {
                <p class="baseline-summary">
                    <strong>{movements_summary(&moved.since, &moved.movements)}</strong>
                    " (référence\u{202f}: "
                    <bdi>{name}</bdi>
                    ")"
                </p>
                <MovementList movements=moved.movements />
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| state.baseline.set(None)
                >
                    "Ne plus comparer"
                </button>
            }
        })
    }
}

/// One measure in conflict: both versions of each conflicting field, side by
/// side, and the choice of one.
#[component]
fn ConflictChoice(conflict: Conflict) -> impl IntoView {
    let Ctx { plan, exchange: state, .. } = ctx();
    let n = conflict.measure;
    let title = plan.measure(n).map_or(String::new(), |m| m.short_title.clone());
    let chosen = move |side: Side| {
        state.pending.with(|p| p.as_ref().and_then(|p| p.choices.get(n)) == Some(side))
    };
    let choose = move |side: Side| {
        state.pending.update(|p| {
            if let Some(p) = p {
                p.choices.set(n, side);
            }
        })
    };
    let version = |v: &exchange::Version| {
        let text = match &v.change {
            crate::core::annotations::Change::Notes(t) => t.clone(),
            other => value_text(other),
        };
        view! {
            <p class="conflict-text">
                <bdi>{text}</bdi>
            </p>
            <p class="muted small">
                <bdi>{v.by.clone()}</bdi>
                {format!(", {}", french_datetime(v.at.ms, &zone))}
            </p>
        }
    };
    let fields = conflict
        .fields
        .iter()
        .map(|f| {
            view! {
                <div class="conflict-field">
                    <h5>{field_title(f.field)}</h5>
                    <div class="conflict-sides">
                        <div>
                            <p class="conflict-side">"La vôtre"</p>
                            {version(&f.mine)}
                        </div>
                        <div>
                            <p class="conflict-side">"Celle du fichier"</p>
                            {version(&f.theirs)}
                        </div>
                    </div>
                </div>
            }
        })
        .collect_view();
    let group = format!("choix-conflit-{n}");
    view! {
        <li class="conflict-choice">
            <h4>
                <a href=Route::Measure(n).to_hash()>{format!("Mesure {n} — {title}")}</a>
            </h4>
            {fields}
            <fieldset class="conflict-options">
                <legend class="visually-hidden">
                    {format!("Version à garder pour la mesure {n}")}
                </legend>
                <label>
                    <input
                        type="radio"
                        name=group.clone()
                        prop:checked=move || chosen(Side::Mine)
                        on:change=move |_| choose(Side::Mine)
                    />
                    " Garder la mienne"
                </label>
                <label>
                    <input
                        type="radio"
                        name=group
                        prop:checked=move || chosen(Side::Theirs)
                        on:change=move |_| choose(Side::Theirs)
                    />
                    " Prendre celle du fichier"
                </label>
            </fieldset>
        </li>
    }
}
