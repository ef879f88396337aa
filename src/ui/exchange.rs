//! Exchanging annotation files: export (JSON and CSV), import with a
//! preview and an explicit choice between merge and replace, drag and drop
//! anywhere on the page, and the baseline for "since the last briefing".
//! Files are read here; everything they contain is judged by
//! [`crate::core::exchange`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::core::codec::Decoded;
use crate::core::date::{french_datetime, IsoDate};
use crate::core::document::Document;
use crate::core::exchange::{
    self, list_numbers, Choices, Conflict, Direction, ImportMode, Movement, Preview, Side, MAX_IMPORT_BYTES,
};
use crate::core::plan::{MeasureNo, Plan};
use crate::core::route::Route;
use crate::core::wording::{field_title, plural, quoted, s, value_text};

use super::clock::{now, zone};
use super::download::download;
use super::settings::export_annotations;
use super::store::Baseline;
use super::{ctx, Ctx, History};

/// A file read and validated, waiting for the user's choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub file_name: String,
    pub document: Document,
    pub preview: Preview,
    /// For each measure in conflict, the side to keep (the newest by default).
    pub choices: Choices,
    /// The user asked to replace and must confirm.
    pub confirming_replace: bool,
}

/// State of the exchange screen that must survive navigation (a file
/// dropped on another screen opens here with its preview).
#[derive(Clone, Copy)]
pub struct Exchange {
    pub pending: RwSignal<Option<Pending>>,
    pub message: RwSignal<Option<(bool, String)>>,
    /// What moved since the baseline (the baseline's date, the movements).
    pub moved: Memo<Option<(String, Vec<Movement>)>>,
}

impl Exchange {
    /// Needs the [`Ctx`] context.
    pub fn provide() -> Exchange {
        let exchange = Exchange { pending: RwSignal::new(None), message: RwSignal::new(None), moved: movements() };
        provide_context(exchange);
        exchange
    }
}

pub fn exchange() -> Exchange {
    expect_context::<Exchange>()
}

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

/// Validates a file and shows its preview; nothing changes yet. Takes the
/// contexts explicitly: drops arrive in window listeners, outside any owner.
fn start_import(file: web_sys::File, Ctx { plan, store, router, .. }: Ctx, state: Exchange) {
    let file_name = file.name();
    spawn_local(async move {
        let result = read_bytes(file).await.and_then(|bytes| read_document(&bytes, plan));
        match result {
            Ok(decoded) => {
                let preview = store.document().with_untracked(|d| exchange::preview(d, &decoded.document, plan));
                state.message.set(None);
                state.pending.set(Some(Pending {
                    file_name,
                    document: decoded.document,
                    choices: preview.default_choices(),
                    preview,
                    confirming_replace: false,
                }));
            }
            Err(e) => {
                state.pending.set(None);
                state.message.set(Some((
                    true,
                    format!("{} n’a pas été importé : {e}. Vos annotations n’ont pas changé.", quoted(&file_name)),
                )));
            }
        }
        router.go(Route::Exchange, History::Push);
    });
}

fn load_baseline(file: web_sys::File) {
    let Ctx { plan, store, .. } = ctx();
    let state = exchange();
    let file_name = file.name();
    spawn_local(async move {
        match read_bytes(file).await.and_then(|bytes| read_document(&bytes, plan)) {
            Ok(decoded) => {
                store.baseline.set(Some(Baseline { document: decoded.document, file_name }));
                state.message.set(None);
            }
            Err(e) => state
                .message
                .set(Some((true, format!("{} ne peut pas servir de référence : {e}.", quoted(&file_name))))),
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
    let (context, state) = (ctx(), exchange());
    let over = window_event_listener(leptos::ev::dragover, |ev| {
        if ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else { return };
        ev.prevent_default();
        start_import(file, context, state);
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}

/// The CSV of the given measures, downloaded.
pub fn export_csv(measures: &[MeasureNo]) -> Result<(), String> {
    let Ctx { plan, store, .. } = ctx();
    let text = store.document().with_untracked(|d| exchange::csv(plan, d.annotations(), measures, &zone));
    let date = IsoDate::of_instant(now(), &zone);
    download(&format!("vigie-mesures-{date}.csv"), "text/csv;charset=utf-8", &text)
}

/// The movements since the baseline, if one is loaded.
fn movements() -> Memo<Option<(String, Vec<Movement>)>> {
    let Ctx { plan, store, .. } = ctx();
    Memo::new(move |_| {
        store.baseline.with(|b| {
            b.as_ref().map(|b| {
                let since = IsoDate::of_instant(b.document.written_at, &zone).french();
                let moved =
                    store.document().with(|d| exchange::movements(plan, b.document.annotations(), d.annotations()));
                (since, moved)
            })
        })
    })
}

/// The CSS class of a movement's direction (the text says it too).
pub fn movement_class(direction: Direction) -> &'static str {
    match direction {
        Direction::Better => "move-better",
        Direction::Worse => "move-worse",
        Direction::Moved | Direction::Same => "move-same",
    }
}

/// One line per moved measure: "▲ En cours → Réalisée · 40 % → 100 %".
pub fn movement_text(m: &Movement) -> String {
    let arrow = match m.direction {
        Direction::Better => "▲ a progressé",
        Direction::Worse => "▼ a reculé",
        Direction::Moved => "↔ a changé de statut",
        Direction::Same => "✎ nouvelles notes",
    };
    let mut parts = vec![arrow.to_owned()];
    if let Some((from, to)) = m.status {
        parts.push(format!("{} → {}", from.label(), to.label()));
    }
    if let Some((from, to)) = m.progress {
        parts.push(format!("{from}\u{a0}% → {to}\u{a0}%"));
    }
    if m.new_notes && m.direction != Direction::Same {
        parts.push("nouvelles notes".to_owned());
    }
    parts.join(" · ")
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let Ctx { plan, store, .. } = ctx();
    let state = exchange();
    let export_error = RwSignal::new(None::<String>);
    let moved = state.moved;

    let apply = move |mode: Option<ImportMode>| {
        let Some(p) = state.pending.get_untracked() else { return };
        let mode = mode.unwrap_or(ImportMode::Merge { choices: p.choices.clone() });
        let n = match &mode {
            ImportMode::OnlyMatching { measures } => measures.len(),
            _ => p.preview.total(),
        };
        if let Err(e) = store.import(&p.document, &mode, &p.file_name) {
            state.message.set(Some((true, format!("Import impossible : {e}."))));
            return;
        }
        state.pending.set(None);
        let how = if mode == ImportMode::Replace {
            "remplacé vos annotations"
        } else {
            "été fusionné avec vos annotations"
        };
        state.message.set(Some((
            false,
            format!(
                "{} a {how} ({}). Le bouton « Annuler » de l’en-tête revient en arrière.",
                quoted(&p.file_name),
                plural(n, "mesure", "mesures")
            ),
        )));
    };

    let preview_panel = move || {
        state.pending.get().map(|p| {
            let author = p.document.author().display();
            let when = if p.document.written_at > 0 {
                french_datetime(p.document.written_at, &zone)
            } else {
                "à une date inconnue".to_owned()
            };
            let pv = p.preview.clone();
            let conflicts = (!pv.conflicts.is_empty()).then(|| {
                let items = pv.conflicts.iter().map(|c| view! { <ConflictChoice conflict=c.clone()/> }).collect_view();
                view! {
                    <div class="conflicts">
                        <h3>{format!("{} en conflit", plural(pv.conflicts.len(), "mesure", "mesures"))}</h3>
                        <p class="muted">"Modifiées des deux côtés sans que l’un connaisse l’autre. Choisissez, mesure par mesure, la version à garder : l’autre reste dans l’historique de la mesure. Par défaut, la plus récente."</p>
                        <ul class="plain-list conflict-list" role="list">{items}</ul>
                    </div>
                }
            });
            let other_plan = pv.other_plan.then(|| {
                let matching = pv.still_matching.clone();
                let count = matching.len();
                if count == 0 {
                    return view! {
                        <div class="banner banner-warning" role="alert">
                            <p>"Ce fichier a été établi sur une autre version du texte du plan, et aucune de ses mesures n’a gardé le même texte : rien ne peut en être importé sans risque."</p>
                        </div>
                    }.into_any();
                }
                view! {
                    <div class="banner banner-warning" role="alert">
                        <p>{format!(
                            "Ce fichier a été établi sur une autre version du texte du plan. {} dont le texte n’a pas changé peu{} être importée{} sans risque{}.",
                            plural(count, "mesure", "mesures"),
                            if count > 1 { "vent" } else { "t" },
                            s(count),
                            if count > 0 { format!(" ({})", list_numbers(&matching)) } else { String::new() }
                        )}</p>
                        <button type="button" class="button"
                            on:click=move |_| apply(Some(ImportMode::OnlyMatching { measures: matching.clone() }))>
                            {format!("Importer seulement ces {}", plural(count, "mesure", "mesures"))}
                        </button>
                    </div>
                }.into_any()
            });
            let current = store.document().with_untracked(|d| d.annotations().annotated());
            let count = |n: usize, what: &str| {
                view! { <li><strong>{n}</strong>{format!("\u{a0}{} {what}", if n > 1 { "mesures" } else { "mesure" })}</li> }
            };
            let unchanged = pv.unchanged.len();
            view! {
                <section class="panel import-preview" aria-labelledby="titre-apercu">
                    <h2 id="titre-apercu">{format!("Aperçu de l’import : {}", p.file_name)}</h2>
                    <p>"Exporté par "<bdi>{author}</bdi>{format!(", le {when}.")}</p>
                    <p class="muted">{format!("Le fichier annote {}. En fusion :", plural(pv.total(), "mesure", "mesures"))}</p>
                    <ul class="preview-counts" role="list">
                        {count(pv.added.len(), "à ajouter")}
                        {count(pv.updated.len(), "à mettre à jour")}
                        {count(unchanged, &format!("laissée{} telle{} quelle{}", s(unchanged), s(unchanged), s(unchanged)))}
                        {count(pv.conflicts.len(), "en conflit")}
                    </ul>
                    {conflicts}
                    {other_plan}
                    {if p.confirming_replace {
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="titre-confirmer">
                                <p id="titre-confirmer"><strong>{format!(
                                    "Remplacer vos {current} mesure{} annotée{} par le contenu du fichier ?",
                                    s(current), s(current)
                                )}</strong>" Ce qui n’est pas dans le fichier sera retiré (le bouton « Annuler » de l’en-tête permet de revenir en arrière)."</p>
                                <div class="button-row">
                                    <button type="button" class="button button-danger" on:click=move |_| apply(Some(ImportMode::Replace))>"Oui, remplacer"</button>
                                    <button type="button" class="button-quiet" on:click=move |_| state.pending.update(|p| if let Some(p) = p { p.confirming_replace = false })>"Non, revenir à l’aperçu"</button>
                                </div>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <div class="button-row">
                                <button type="button" class="button" prop:disabled=move || store.read_only() on:click=move |_| apply(None)>"Fusionner"</button>
                                <button type="button" class="button-quiet" prop:disabled=move || store.read_only() on:click=move |_| state.pending.update(|p| if let Some(p) = p { p.confirming_replace = true })>"Remplacer…"</button>
                                <button type="button" class="button-quiet" on:click=move |_| {
                                    state.pending.set(None);
                                    state.message.set(Some((false, "Import annulé : rien n’a changé.".to_owned())));
                                }>"Annuler l’import"</button>
                            </div>
                        }.into_any()
                    }}
                </section>
            }
        })
    };

    let baseline_panel = move || {
        moved.get().map(|(since, list)| {
            let name = store.baseline.with(|b| b.as_ref().map(|b| b.file_name.clone()).unwrap_or_default());
            view! {
                <p class="baseline-summary"><strong>{exchange::summary(&since, &list)}</strong>" (référence : "<bdi>{name}</bdi>")"</p>
                <ul class="plain-list movements" role="list">
                    {list.iter().map(|m| {
                        let title = plan.measure(m.measure).map_or(String::new(), |x| x.short_title.clone());
                        let class = movement_class(m.direction);
                        view! { <li class=class><a href=format!("#/mesure/{}", m.measure)>{format!("Mesure {} — {title}", m.measure)}</a>" : "{movement_text(m)}</li> }
                    }).collect_view()}
                </ul>
                <button type="button" class="button-quiet" on:click=move |_| store.baseline.set(None)>"Ne plus comparer"</button>
            }
        })
    };

    view! {
        <main id="contenu" class="page page-exchange" tabindex="-1">
            <h1>"Échanger les annotations"</h1>
            <p class="lede">"Partagez vos annotations avec vos collègues par fichier, sans serveur : exportez, envoyez, importez."</p>
            <div class="message-slot" role="status" aria-live="polite">
                {move || state.message.get().map(|(is_error, text)| view! {
                    <p class=if is_error { "banner banner-error" } else { "banner banner-info" }>{text}</p>
                })}
            </div>
            {preview_panel}
            <div class="exchange-grid">
                <section class="panel" aria-labelledby="titre-exporter">
                    <h2 id="titre-exporter">"Exporter"</h2>
                    <p class="muted">"Un fichier JSON complet (statuts, notes, liens, historiques), signé de votre nom, à réimporter dans Vigie."</p>
                    <button type="button" class="button" on:click=move |_| export_error.set(export_annotations().err())>"Exporter"</button>
                    <p class="muted">"Un tableau pour Excel ou LibreOffice, une ligne par mesure. Depuis la liste, le CSV suit la recherche et les filtres."</p>
                    <button type="button" class="button-quiet" on:click=move |_| {
                        let all: Vec<MeasureNo> = plan.measures.iter().map(|m| m.number).collect();
                        export_error.set(export_csv(&all).err());
                    }>"Exporter en CSV (55 mesures)"</button>
                    <p class="form-error" role="alert">{move || export_error.get().map(|e| format!("Export impossible : {e}."))}</p>
                </section>
                <section class="panel" aria-labelledby="titre-importer">
                    <h2 id="titre-importer">"Importer"</h2>
                    <p class="muted">"Le fichier est entièrement vérifié, puis un aperçu vous laisse choisir entre fusionner et remplacer. Vous pouvez aussi déposer un fichier n’importe où sur la page."</p>
                    <input type="file" id="fichier-import" class="file-input" accept=".json,application/json"
                        on:change=move |ev| if let Some(f) = first_file(&ev) { start_import(f, ctx(), state) }/>
                    <label class="file-button" for="fichier-import">"Importer un fichier d’annotations (.json)"</label>
                </section>
                <section class="panel" aria-labelledby="titre-comparer">
                    <h2 id="titre-comparer">"Comparer avec…"</h2>
                    <p class="muted">"Chargez l’export du dernier point pour voir ce qui a bougé depuis. Il reste à part : rien n’est fusionné."</p>
                    <input type="file" id="fichier-reference" class="file-input" accept=".json,application/json"
                        on:change=move |ev| if let Some(f) = first_file(&ev) { load_baseline(f) }/>
                    <label class="file-button" for="fichier-reference">"Choisir l’export de référence (.json)"</label>
                    {baseline_panel}
                </section>
            </div>
        </main>
    }
}

/// One measure in conflict: both versions of each conflicting field, side by
/// side, and the choice of one.
#[component]
fn ConflictChoice(conflict: Conflict) -> impl IntoView {
    let Ctx { plan, .. } = ctx();
    let state = exchange();
    let n = conflict.measure;
    let title = plan.measure(n).map_or(String::new(), |m| m.short_title.clone());
    let chosen = move |side: Side| state.pending.with(|p| p.as_ref().and_then(|p| p.choices.get(n)) == Some(side));
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
            <p class="conflict-text"><bdi>{text}</bdi></p>
            <p class="muted small"><bdi>{v.by.clone()}</bdi>{format!(", {}", french_datetime(v.at.ms, &zone))}</p>
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
                        <div><p class="conflict-side">"La vôtre"</p>{version(&f.mine)}</div>
                        <div><p class="conflict-side">"Celle du fichier"</p>{version(&f.theirs)}</div>
                    </div>
                </div>
            }
        })
        .collect_view();
    let group = format!("choix-conflit-{n}");
    view! {
        <li class="conflict-choice">
            <h4><a href=format!("#/mesure/{n}")>{format!("Mesure {n} — {title}")}</a></h4>
            {fields}
            <fieldset class="conflict-options">
                <legend class="visually-hidden">{format!("Version à garder pour la mesure {n}")}</legend>
                <label>
                    <input type="radio" name=group.clone() prop:checked=move || chosen(Side::Mine) on:change=move |_| choose(Side::Mine)/>
                    " Garder la mienne"
                </label>
                <label>
                    <input type="radio" name=group prop:checked=move || chosen(Side::Theirs) on:change=move |_| choose(Side::Theirs)/>
                    " Prendre celle du fichier"
                </label>
            </fieldset>
        </li>
    }
}
