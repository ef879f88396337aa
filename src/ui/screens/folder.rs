//! The team folder in the browser (File System Access API, Edge and
//! Chrome): linking a folder, keeping its handle in IndexedDB, writing this
//! browser's own file within seconds of a change, and reading the others at
//! start-up, when the page comes back and every minute. What to read, what
//! each file brings and what to say are [`crate::core::files::folder`]'s.
//!
//! The main module holds only the link's state, shown in the header, and
//! the start; the rest is reached through the `dossier` chunk
//! (`crate::ui::lazy`), fetched only by browsers that linked a folder.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::files::folder::{
    own_file_name, Folder, Listed, Origins, Taken, SCAN_EVERY_MS, WRITE_DELAY_MS,
};
use crate::core::plan::Fnv1a;

use crate::ui::clock::{now, random_bits};
use crate::ui::context::Ctx;
use crate::ui::storage;

/// Where the linked folder's name and this browser's file id are kept:
/// `‹id›|‹folder name›`. Its presence says a folder is linked.
const LINK_KEY: &str = "vigie.dossier";

/// The link as the header and the settings show it.
#[derive(Clone, Copy)]
pub struct FolderLink {
    /// `None` when no folder is linked.
    pub status: RwSignal<Option<String>>,
    /// What is wrong with some files, each in a sentence.
    pub problems: RwSignal<Vec<String>>,
    /// The browser asks again for permission after a restart: one click.
    pub paused: RwSignal<bool>,
    /// Which file brought which tab's changes, for the history.
    pub origins: RwSignal<Origins>,
}

/// Where the origins are kept (see [`Origins`]).
const ORIGINS_KEY: &str = "vigie.dossier.origines";

thread_local! {
    /// What the chunk's code works with: the app's context and owner,
    /// handed over at start (split points take no arguments).
    static APP: RefCell<Option<(Ctx, FolderLink, Owner)>> = const { RefCell::new(None) };
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

/// Starts the link's state and, if a folder was linked, resumes it.
pub fn provide(ctx: Ctx) -> FolderLink {
    let link = FolderLink {
        status: RwSignal::new(None),
        problems: RwSignal::new(Vec::new()),
        paused: RwSignal::new(false),
        origins: RwSignal::new(Origins::default()),
    };
    provide_context(link);
    APP.set(Some((ctx, link, Owner::current().unwrap_or_default())));
    if linked().is_some() {
        link.status.set(Some("Dossier d’équipe\u{a0}: lecture en cours…".to_owned()));
        leptos::task::spawn_local(async {
            crate::ui::lazy::folder(Action::Resume).await;
        });
    }
    link
}

/// The linked folder's `(file id, folder name)`, if any.
fn linked() -> Option<(String, String)> {
    if !storage::available() {
        return None;
    }
    let raw = storage::read(LINK_KEY)?;
    let (id, name) = raw.split_once('|')?;
    Some((id.to_owned(), name.to_owned()))
}

/// Whether this browser can link a folder at all.
pub fn supported() -> bool {
    js_sys::Reflect::has(&window(), &"showDirectoryPicker".into()).unwrap_or(false)
}

/// The header's line: where the team folder stands (a click opens the
/// settings), or, paused after a restart, the one click that resumes it.
#[component]
pub fn FolderStatus() -> impl IntoView {
    let link = expect_context::<FolderLink>();
    let text = move || {
        let status = link.status.get().unwrap_or_default();
        match (link.paused.get(), link.problems.with(Vec::len)) {
            (true, _) => format!("{status}\u{a0}: reprendre la synchronisation"),
            (false, 0) => status,
            (false, n) => format!("{status} · ⚠ {n} à voir"),
        }
    };
    let click = move |_| {
        if link.paused.get_untracked() {
            leptos::task::spawn_local(crate::ui::lazy::folder(Action::Permission));
        } else {
            crate::ui::context::ctx().router.go(
                crate::core::view::route::Route::Settings { back: None },
                crate::ui::router::History::Push,
            );
        }
    };
    view! {
        <Show when=move || link.status.with(Option::is_some)>
            <button type="button" class="folder-status" on:click=click>
                {text}
            </button>
        </Show>
    }
}

/// The settings' section: link, state, unlink; or, where the browser
/// cannot write to a folder, the way that works everywhere.
#[component]
pub fn FolderSettings() -> impl IntoView {
    let link = expect_context::<FolderLink>();
    let body = move || {
        if !supported() {
            return view! {
                <p>
                    "Ce navigateur (Firefox, Safari) ne sait pas écrire dans un dossier. \
                     L’équipe peut tout de même s’en servir\u{a0}: déposez-y votre export, \
                     et lisez ceux des autres en une fois avec «\u{202f}Choisir un dossier\u{202f}» \
                     dans les échanges."
                </p>
                <p>
                    <a href=crate::core::view::route::Route::Exchange
                        .to_hash()>"Aller aux échanges"</a>
                </p>
            }
            .into_any();
        }
        match link.status.get() {
            None => view! {
                <button
                    type="button"
                    class="button"
                    on:click=move |_| leptos::task::spawn_local(
                        crate::ui::lazy::folder(Action::Link),
                    )
                >
                    "Relier un dossier d’équipe…"
                </button>
            }
            .into_any(),
            Some(status) => view! {
                <p>
                    <strong>{status}</strong>
                </p>
                <ul class="folder-problems">
                    {move || {
                        link.problems
                            .get()
                            .into_iter()
                            .map(|p| view! { <li>{p}</li> })
                            .collect_view()
                    }}
                </ul>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| leptos::task::spawn_local(
                        crate::ui::lazy::folder(Action::Unlink),
                    )
                >
                    "Délier le dossier"
                </button>
            }
            .into_any(),
        }
    };
    view! {
        <section class="panel" aria-labelledby="titre-dossier">
            <h2 id="titre-dossier">"Dossier d’équipe"</h2>
            <p class="muted">
                "Un dossier que toute l’équipe partage (lecteur réseau, dossier synchronisé)\u{a0}: \
                 chaque navigateur y écrit son propre fichier, quelques secondes après chaque \
                 modification, et lit ceux des autres à l’ouverture, au retour sur la page et \
                 chaque minute. Ce qui ne se contredit pas est fusionné sans rien demander\u{202f}; \
                 les conflits attendent sur la page de la mesure. Vigie ne modifie, ne renomme \
                 ni n’efface jamais le fichier d’un autre."
            </p>
            {body}
        </section>
    }
}

/// What the `dossier` chunk is asked to do.
#[derive(Clone, Copy)]
#[repr(u32)]
pub enum Action {
    Resume = 0,
    Link = 1,
    Unlink = 2,
    Permission = 3,
}

// ---------------------------------------------------------------- the chunk

/// The chunk's entry: starts `action` (see [`Action`]).
pub fn run(action: u32) {
    match action {
        0 => leptos::task::spawn_local(resume()),
        1 => leptos::task::spawn_local(link()),
        2 => leptos::task::spawn_local(unlink()),
        _ => leptos::task::spawn_local(permission()),
    }
}

/// A `FileSystemDirectoryHandle`, a `FileSystemFileHandle`, a writable
/// stream: reached through `Reflect` rather than typed bindings, whose glue
/// would weigh on every first load for a feature few browsers use.
type DirHandle = JsValue;
type FileHandle = JsValue;

/// Calls `method` on `target`; awaits what it returns if it is a promise.
async fn ask(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &method.into())?.dyn_into()?;
    let result = f.apply(target, &args.iter().collect::<js_sys::Array>())?;
    match result.dyn_into::<js_sys::Promise>() {
        Ok(promise) => wait(promise).await,
        Err(value) => Ok(value),
    }
}

fn prop(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text_prop(target: &JsValue, name: &str) -> String {
    prop(target, name).as_string().unwrap_or_default()
}

/// The running link: the folder, what is known of it, what was written.
struct Engine {
    dir: DirHandle,
    folder: Folder,
    id: String,
    /// Hash of the export last written (without its date).
    written: u64,
    scanning: bool,
    /// A scan was asked for during one: run again after it.
    again: bool,
}

impl Engine {
    /// Writing under `own`; an empty name while paused (nothing is read or
    /// written until permission comes back).
    fn new(dir: DirHandle, id: String, own: String) -> Engine {
        Engine { dir, folder: Folder::new(own), id, written: 0, scanning: false, again: false }
    }
}

fn read_write() -> JsValue {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"mode".into(), &"readwrite".into()).ok();
    options.into()
}

async fn wait(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn app() -> Option<(Ctx, FolderLink, Owner)> {
    APP.with_borrow(|a| a.clone())
}

/// « Relier un dossier d’équipe… »: asks for a folder, keeps it, starts.
async fn link() {
    let Some((_, link, _)) = app() else { return };
    let picker = js_sys::Reflect::get(&window(), &"showDirectoryPicker".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(picker) = picker else { return };
    let options = read_write();
    js_sys::Reflect::set(&options, &"id".into(), &"vigie-equipe".into()).ok();
    let Ok(promise) = picker.call1(&window(), &options) else { return };
    // Closing the picker is no error: nothing changes.
    let Ok(dir) = wait(promise.unchecked_into()).await else { return };
    let id = short_id();
    if let Err(e) = idb_put(&dir).await {
        link.problems.set(vec![format!(
            "Le dossier ne pourra pas être retrouvé après un redémarrage du navigateur\u{a0}: {e}."
        )]);
    }
    if storage::put(LINK_KEY, &format!("{id}|{}", text_prop(&dir, "name"))).is_err() {
        link.problems.set(vec!["Le lien vers le dossier n’a pas pu être enregistré.".to_owned()]);
    }
    start(dir, id).await;
}

/// At start-up: takes the kept folder back, if the browser still allows it.
async fn resume() {
    let Some((_, link, _)) = app() else { return };
    if let Some(raw) = storage::read(ORIGINS_KEY) {
        link.origins.set(Origins::decode(&raw));
    }
    let Some((id, name)) = linked() else { return };
    let dir = match idb_get().await {
        Ok(Some(dir)) => dir,
        _ => {
            link.status.set(Some(format!(
                "Dossier d’équipe «\u{202f}{name}\u{202f}» à relier de nouveau (Paramètres)"
            )));
            return;
        }
    };
    let state =
        ask(&dir, "queryPermission", &[read_write()]).await.ok().and_then(|s| s.as_string());
    if state.as_deref() == Some("granted") {
        start(dir, id).await;
    } else {
        link.status.set(Some(format!("Dossier d’équipe «\u{202f}{name}\u{202f}» en pause")));
        link.paused.set(true);
        ENGINE.set(Some(Engine::new(dir, id, String::new())));
    }
}

/// « Reprendre la synchronisation » (a click: browsers ask only then).
async fn permission() {
    let Some((_, link, _)) = app() else { return };
    let Some((dir, id)) = ENGINE.with_borrow_mut(|e| e.take().map(|e| (e.dir, e.id))) else {
        return;
    };
    let state =
        ask(&dir, "requestPermission", &[read_write()]).await.ok().and_then(|s| s.as_string());
    if state.as_deref() == Some("granted") {
        link.paused.set(false);
        start(dir, id).await;
    } else {
        ENGINE.set(Some(Engine::new(dir, id, String::new())));
    }
}

/// « Délier »: forgets the folder; files already written stay in it.
async fn unlink() {
    let Some((_, link, _)) = app() else { return };
    ENGINE.set(None);
    storage::remove(LINK_KEY);
    storage::remove(ORIGINS_KEY);
    link.origins.set(Origins::default());
    // Without the link key, a handle left in IndexedDB is never read again.
    idb_delete().await.ok();
    link.status.set(None);
    link.problems.set(Vec::new());
    link.paused.set(false);
}

fn own_name(ctx: &Ctx, id: &str) -> String {
    ctx.store.document().with_untracked(|d| own_file_name(d.author(), id))
}

async fn start(dir: DirHandle, id: String) {
    let Some((ctx, link, owner)) = app() else { return };
    let own = own_name(&ctx, &id);
    ENGINE.set(Some(Engine::new(dir, id, own)));
    link.status.set(Some("Dossier d’équipe\u{a0}: lecture en cours…".to_owned()));
    owner.with(|| {
        // Our file follows the annotations, a moment after each change.
        let document = ctx.store.document();
        let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
        Effect::new(move || {
            document.track();
            pending.update_value(|p| {
                if let Some(h) = p.take() {
                    h.clear();
                }
                *p = set_timeout_with_handle(
                    || leptos::task::spawn_local(write_now()),
                    std::time::Duration::from_millis(WRITE_DELAY_MS as u64),
                )
                .ok();
            });
        });
        // Others' files: every minute, and when the page comes back.
        let every = set_interval_with_handle(
            || leptos::task::spawn_local(scan()),
            std::time::Duration::from_millis(SCAN_EVERY_MS as u64),
        )
        .ok();
        let visible = window_event_listener(leptos::ev::visibilitychange, |_| {
            if leptos::prelude::document().visibility_state() == web_sys::VisibilityState::Visible {
                leptos::task::spawn_local(scan());
            }
        });
        let focus = window_event_listener(leptos::ev::focus, |_| leptos::task::spawn_local(scan()));
        on_cleanup(move || {
            if let Some(every) = every {
                every.clear();
            }
            visible.remove();
            focus.remove();
        });
    });
    // The status line's « il y a 40 s » moves on.
    set_interval(refresh_status, std::time::Duration::from_secs(10));
    scan().await;
    write_now().await;
}

fn refresh_status() {
    let Some((_, link, _)) = app() else { return };
    ENGINE.with_borrow(|e| {
        if let Some(e) = e.as_ref().filter(|e| !e.folder.own().is_empty()) {
            let (head, problems) = e.folder.status(now());
            link.status.set(Some(head));
            link.problems.set(problems);
        }
    });
}

/// Reads the files that changed, merges them, says where things stand.
async fn scan() {
    let Some((ctx, link, _)) = app() else { return };
    let Some(dir) = ENGINE.with_borrow_mut(|e| {
        let e = e.as_mut().filter(|e| !e.folder.own().is_empty())?;
        if e.scanning {
            e.again = true;
            return None;
        }
        e.scanning = true;
        Some(e.dir.clone())
    }) else {
        return;
    };
    crate::ui::clock::begin("vigie-dossier-passage");
    let (listed, handles): (Vec<Listed>, Vec<FileHandle>) = list(&dir).await.into_iter().unzip();
    let wanted: Vec<(Listed, FileHandle)> = ENGINE.with_borrow(|e| {
        let Some(e) = e.as_ref() else { return Vec::new() };
        let reads = e.folder.to_read(&listed);
        listed
            .iter()
            .zip(&handles)
            .filter(|(l, _)| reads.contains(l))
            .map(|(l, h)| (l.clone(), h.clone()))
            .collect()
    });
    for (listed, handle) in wanted {
        let bytes = match ask(&handle, "getFile", &[]).await {
            Ok(file) => crate::ui::screens::exchange::read_bytes(file.unchecked_into())
                .await
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let taken = ENGINE.with_borrow_mut(|e| {
            e.as_mut().map(|e| e.folder.take(&listed, &bytes, ctx.plan, now()))
        });
        if let Some(Taken::Merge(doc)) = taken {
            let noted = ctx.store.document().with_untracked(|held| {
                link.origins.try_update(|o| o.note(held, &doc, &listed.name)).unwrap_or(false)
            });
            // The origins only label the history: without them, it says less.
            if noted {
                storage::put(ORIGINS_KEY, &link.origins.with_untracked(Origins::encode)).ok();
            }
            ctx.store.fold_in(&doc);
        }
    }
    let (claimed, again) = ENGINE.with_borrow_mut(|e| {
        e.as_mut().map_or((false, false), |e| {
            e.scanning = false;
            e.folder.scanned(&listed, now());
            (e.folder.claimed(), std::mem::take(&mut e.again))
        })
    });
    if again {
        leptos::task::spawn_local(scan());
    }
    refresh_status();
    crate::ui::clock::end("vigie-dossier-passage");
    if claimed {
        // Another browser writes our name: ours takes a new one.
        let id = short_id();
        let own = own_name(&ctx, &id);
        ENGINE.with_borrow_mut(|e| {
            if let Some(e) = e.as_mut() {
                e.folder.rename(own);
                e.id = id.clone();
                e.written = 0;
            }
        });
        if let Some((_, name)) = linked() {
            storage::put(LINK_KEY, &format!("{id}|{name}")).ok();
        }
        write_now().await;
    }
}

/// Every file of the folder with its size and time.
async fn list(dir: &DirHandle) -> Vec<(Listed, JsValue)> {
    let mut out = Vec::new();
    let Ok(entries) = ask(dir, "values", &[]).await else { return out };
    loop {
        let Ok(next) = ask(&entries, "next", &[]).await else { break };
        if prop(&next, "done").is_truthy() {
            break;
        }
        let handle = prop(&next, "value");
        let name = text_prop(&handle, "name");
        if text_prop(&handle, "kind") != "file" || !crate::core::files::folder::is_vigie_file(&name)
        {
            continue;
        }
        // A file being swapped in may vanish a moment: the next scan sees it.
        let Ok(file) = ask(&handle, "getFile", &[]).await else { continue };
        let file: web_sys::File = file.unchecked_into();
        let listed =
            Listed { name, size: file.size() as u64, modified: file.last_modified() as i64 };
        out.push((listed, handle));
    }
    out
}

/// Writes our file if the annotations changed since it was last written:
/// the whole export, swapped in at once by `createWritable`.
async fn write_now() {
    let Some((ctx, link, _)) = app() else { return };
    let Some((dir, own, written)) = ENGINE.with_borrow(|e| {
        let e = e.as_ref().filter(|e| !e.folder.own().is_empty())?;
        Some((e.dir.clone(), e.folder.own().to_owned(), e.written))
    }) else {
        return;
    };
    let text =
        ctx.store.document().with_untracked(|d| crate::core::files::codec::export_text(d, now()));
    let hash = {
        let mut h = Fnv1a::new();
        h.write(strip_date(&text).as_bytes());
        h.finish()
    };
    if hash == written {
        return;
    }
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"create".into(), &true.into()).ok();
    let result = async {
        let handle = ask(&dir, "getFileHandle", &[own.as_str().into(), options.into()]).await?;
        let stream = ask(&handle, "createWritable", &[]).await?;
        ask(&stream, "write", &[text.as_str().into()]).await?;
        ask(&stream, "close", &[]).await?;
        let file: web_sys::File = ask(&handle, "getFile", &[]).await?.unchecked_into();
        Ok::<_, JsValue>((file.size() as u64, file.last_modified() as i64))
    }
    .await;
    match result {
        Ok((size, modified)) => {
            ENGINE.with_borrow_mut(|e| {
                if let Some(e) = e.as_mut() {
                    e.folder.wrote(size, modified);
                    e.written = hash;
                }
            });
            // What is in the folder has left this browser.
            ctx.store.exported();
            refresh_status();
        }
        Err(_) => link.problems.update(|p| {
            p.push(format!(
                "{} n’a pas pu être écrit dans le dossier\u{202f}; nouvel essai à la prochaine \
                 modification.",
                crate::core::french::quoted(&own)
            ))
        }),
    }
}

/// The export without its `written_at` line, to tell a real change.
fn strip_date(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with("\"written_at\"")).collect()
}

// ---------------------------------------------------------------- IndexedDB

const DB: &str = "vigie";
const STORE: &str = "dossier";
const KEY: &str = "equipe";

/// Resolves with an IndexedDB request's result once it succeeds.
fn done(request: &JsValue) -> js_sys::Promise {
    let request = request.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let r = request.clone();
        let ok = Closure::once_into_js(move || {
            resolve.call1(&JsValue::NULL, &prop(&r, "result")).ok();
        });
        let err = Closure::once_into_js(move || {
            reject.call0(&JsValue::NULL).ok();
        });
        js_sys::Reflect::set(&request, &"onsuccess".into(), &ok).ok();
        js_sys::Reflect::set(&request, &"onerror".into(), &err).ok();
    })
}

/// Why IndexedDB, where the folder's handle is kept across restarts,
/// could not be used. Browser-only, so it stays here; its words are these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdbError {
    Unavailable,
    OpenRefused,
    AccessRefused,
}

/// Said after a colon.
impl std::fmt::Display for IdbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IdbError::Unavailable => "IndexedDB n’est pas disponible dans ce navigateur",
            IdbError::OpenRefused => "IndexedDB refuse l’ouverture",
            IdbError::AccessRefused => "IndexedDB refuse l’accès",
        })
    }
}

async fn database() -> Result<JsValue, IdbError> {
    let factory = prop(&window(), "indexedDB");
    let open =
        ask(&factory, "open", &[DB.into(), 1.into()]).await.map_err(|_| IdbError::Unavailable)?;
    let upgrade = Closure::once_into_js({
        let open = open.clone();
        move || {
            let db = prop(&open, "result");
            let _ = js_sys::Reflect::get(&db, &"createObjectStore".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .map(|f| f.call1(&db, &STORE.into()));
        }
    });
    js_sys::Reflect::set(&open, &"onupgradeneeded".into(), &upgrade).ok();
    wait(done(&open)).await.map_err(|_| IdbError::OpenRefused)
}

/// Runs `method` on the folder's object store, in a transaction of `mode`.
async fn on_store(mode: &str, method: &str, args: &[JsValue]) -> Result<JsValue, IdbError> {
    let db = database().await?;
    let refused = |_| IdbError::AccessRefused;
    let tx = ask(&db, "transaction", &[STORE.into(), mode.into()]).await.map_err(refused)?;
    let store = ask(&tx, "objectStore", &[STORE.into()]).await.map_err(refused)?;
    let request = ask(&store, method, args).await.map_err(refused)?;
    wait(done(&request)).await.map_err(refused)
}

async fn idb_put(dir: &DirHandle) -> Result<(), IdbError> {
    on_store("readwrite", "put", &[dir.clone(), KEY.into()]).await.map(drop)
}

async fn idb_get() -> Result<Option<DirHandle>, IdbError> {
    let value = on_store("readonly", "get", &[KEY.into()]).await?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

async fn idb_delete() -> Result<(), IdbError> {
    on_store("readwrite", "delete", &[KEY.into()]).await.map(drop)
}

/// The short id in this browser's file name, drawn once.
fn short_id() -> String {
    format!("{:06x}", random_bits() & 0xff_ffff)
}
