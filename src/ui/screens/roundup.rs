//! The round-up on the exchange screen: several files read one by one
//! between two frames, with the progress shown, then one combined preview
//! whose lines say what each file brings (the decisions are
//! [`crate::core::files::roundup`]'s; the preview and the merge are the exchange
//! screen's, as for one file).

use crate::core::french;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::date::french_datetime;
use crate::core::files::exchange::ReadError;
use crate::core::files::roundup::{Arrived, Brings, FileLine, Gathering, Sources};
use crate::core::plan::Fnv1a;
use crate::core::wording;

use crate::ui::clock::{now, timed, zone};
use crate::ui::context::{Ctx, Message, Pending};
use crate::ui::screens::exchange::{is_sheet, read_bytes, read_document, read_sheet};

/// The round being read: a new one (files dropped while others are read)
/// stops the older.
static ROUND: AtomicU32 = AtomicU32::new(0);

/// Lets the browser paint and handle input before the next file.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// One file of the round, read: a JSON export strictly (a damaged one is
/// refused here; alone, it is read for what still reads), a spreadsheet as
/// this browser's document plus its cells' changes.
async fn arrive(file: web_sys::File, ctx: Ctx) -> Arrived {
    let name = file.name();
    let bytes = match read_bytes(file).await {
        Ok(bytes) => bytes,
        Err(why) => return Arrived { name, bytes_hash: 0, sheet: false, read: Err(why) },
    };
    let mut hash = Fnv1a::new();
    hash.write(&bytes);
    let sheet = is_sheet(&name, &bytes);
    let read = if let Some(why) = crate::core::files::exchange::not_importable(&name, &bytes) {
        Err(ReadError::Unimportable(why))
    } else if sheet {
        read_sheet(&bytes, ctx.plan, ctx.store).map(|(decoded, _)| decoded.document)
    } else {
        timed("vigie-lecture", || read_document(&bytes, ctx.plan)).map(|d| d.document)
    };
    Arrived { name, bytes_hash: hash.finish(), sheet, read }
}

/// Reads `files` one by one, saying how many are read, then shows their
/// combined preview. Nothing changes until « Fusionner tout ».
pub fn start_round(files: Vec<web_sys::File>, ctx: Ctx) {
    let Ctx { plan, store, exchange: state, .. } = ctx;
    let this = ROUND.fetch_add(1, Ordering::Relaxed) + 1;
    let total = files.len();
    state.close(None);
    state.set_reading(Some((0, total)));
    spawn_local(async move {
        let mut gathering = Gathering::new(plan);
        for (done, file) in files.into_iter().enumerate() {
            let arrived = arrive(file, ctx).await;
            if ROUND.load(Ordering::Relaxed) != this {
                return;
            }
            timed("vigie-tour-fichier", || {
                store.document().with_untracked(|d| gathering.add(d, arrived, plan, now()))
            });
            state.set_reading(Some((done + 1, total)));
            next_task().await;
        }
        if ROUND.load(Ordering::Relaxed) != this {
            return;
        }
        let round = store
            .document()
            .with_untracked(|d| timed("vigie-tour-apercu", || gathering.finish(d, plan)));
        let nothing = (round.sources.bringing() == 0)
            .then(|| Message::info(wording::round_brings_nothing(total, &round.sources.lines)));
        state.set_reading(None);
        state.preview(Pending::of_round(round));
        if let Some(nothing) = nothing {
            state.say(nothing);
        }
    });
}

/// « 12 fichiers sur 20 lus », while a round is read.
#[component]
pub fn Progress() -> impl IntoView {
    let state = crate::ui::context::ctx().exchange;
    move || {
        state.reading().get().map(|(done, total)| {
            let text = wording::files_read(done, total);
            view! {
                <div class="reading-progress" role="status">
                    <label for="lecture-fichiers">{text}</label>
                    <progress id="lecture-fichiers" max=total value=done></progress>
                </div>
            }
        })
    }
}

/// Each file of the round: who signed it, when, what it brings, or why it
/// is left out.
#[component]
pub fn FileLines(sources: Sources) -> impl IntoView {
    let lines = sources.lines;
    let bringing = lines.iter().filter(|l| matches!(l.brings, Brings::Measures(_))).count();
    let summary = wording::round_summary(lines.len(), bringing);
    let names: Vec<String> = lines.iter().map(|l| l.name.clone()).collect();
    let items = lines
        .into_iter()
        .map(|line| {
            let (mark, class, what) = brings_text(&line, &names);
            let signer = if line.sheet {
                "Tableur, ses cellules modifiées signées de votre nom".to_owned()
            } else if line.signer.is_empty() {
                "Non signé".to_owned()
            } else {
                format!("Signé par {}", line.signer.display())
            };
            let when = match line.written_at {
                _ if line.sheet => String::new(),
                0 => ", date d’export inconnue".to_owned(),
                at => format!(", exporté le {}", french_datetime(at, &zone)),
            };
            let ahead = line.ahead.map(|ms| {
                view! {
                    <p class="file-line-warning">
                        {format!(
                            "⚠ L’horloge de son ordinateur avance d’environ {}\u{a0}: \
                             aucun conflit n’est réglé d’office sur «\u{202f}la plus récente\u{202f}».",
                            french::about(ms),
                        )}
                    </p>
                }
            });
            view! {
                <li class=format!("file-line {class}")>
                    <p class="file-line-name">
                        <span aria-hidden="true">{mark}</span>
                        " "
                        <bdi>{line.name}</bdi>
                    </p>
                    <p class="muted small">
                        <bdi>{signer}</bdi>
                        {when}
                    </p>
                    <p class="file-line-brings">{what}</p>
                    {ahead}
                </li>
            }
        })
        .collect_view();
    view! {
        <p>{summary}</p>
        <ul class="plain-list file-lines" role="list">
            {items}
        </ul>
    }
}

/// A line's mark, its class, and what it says the file brings: never the
/// colour alone (the words say it).
fn brings_text(line: &FileLine, names: &[String]) -> (&'static str, &'static str, String) {
    match &line.brings {
        Brings::Measures(measures) if measures.is_empty() => (
            "✓",
            "file-line-brings-some",
            "Apporte des remplacements («\u{202f}Remplacer\u{202f}») seulement.".to_owned(),
        ),
        Brings::Measures(measures) => (
            "✓",
            "file-line-brings-some",
            format!(
                "Apporte des changements pour {}\u{a0}: {}.",
                french::plural(measures.len(), "mesure", "mesures"),
                french::list_numbers(measures)
            ),
        ),
        Brings::Nothing => ("—", "file-line-nothing", "Déjà importé, rien de nouveau.".to_owned()),
        Brings::CopyOf(first) => (
            "—",
            "file-line-nothing",
            format!(
                "Copie de {}\u{a0}: comptée une fois.",
                french::quoted(names.get(*first).map_or("", String::as_str))
            ),
        ),
        Brings::Refused(why) => (
            "✗",
            "file-line-refused",
            format!("Refusé\u{a0}: {why}. Les autres fichiers sont importés sans lui."),
        ),
    }
}
