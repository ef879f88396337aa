//! The hand-over from the page prerendered at build time to the live app.
//!
//! `make dist` writes the list screen, as the app itself renders it, into
//! `index.html` (see `tools/prerender.mjs`): every top-level node carries
//! `data-prerendu` and `<body>` carries the class `demarrage`. The plan is
//! then readable as soon as the HTML and CSS arrive. Meanwhile the app mounts
//! hidden beside it (CSS hides everything else while `demarrage` is set),
//! builds its first screen in short tasks, and [`reveal`] swaps the two in
//! one step, so that nothing on screen moves. A development build has no
//! prerendered page: then there is nothing to hand over and the app shows
//! at once.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::view::route::{Route, Sort};
use crate::ui::router::{History, Router};

const BOOTING: &str = "demarrage";
const SEARCH_SELECTOR: &str = "[data-prerendu] #recherche";
const SORT_SELECTOR: &str = "[data-prerendu] .sort select";

/// Whether the app is still hidden behind the prerendered page.
pub fn booting() -> bool {
    document().body().is_some_and(|b| b.class_list().contains(BOOTING))
}

/// Removes the prerendered page and shows the app. What the reader began in
/// the prerendered page goes on in the app: the words typed in its search
/// box and a changed sort (through `router`, when there is an app to route),
/// the sections opened and the focus. Does nothing once done.
pub fn reveal(router: Option<Router>) {
    let Some(body) = document().body() else { return };
    if !body.class_list().contains(BOOTING) {
        return;
    }
    if let Some(router) = router {
        carry_over(router);
    }
    let prerendered = top_nodes(true);
    let path_of = |e: &web_sys::Element| path(&prerendered, e);
    let opened: Vec<Place> =
        elements("[data-prerendu] details[open]").iter().filter_map(path_of).collect();
    let focused = document().active_element().and_then(|e| path_of(&e));

    let below_fold = cards_above_fold();
    for node in &prerendered {
        node.remove();
    }
    if let Ok(Some(noscript)) = document().query_selector("body > noscript[data-prerendu]") {
        noscript.remove();
    }
    let later = below_fold.map(lay_out_later).unwrap_or_default();
    body.class_list().remove_1(BOOTING).ok();
    // The hand-over's own frame lays out what is on screen, and only that.
    request_animation_frame(move || lay_out_in_frames(later));

    let app = top_nodes(false);
    for path in opened {
        if let Some(details) =
            at(&app, &path).and_then(|e| e.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        {
            details.set_open(true);
        }
    }
    // After the carried-over route has re-rendered the list (its first
    // cards, when the words typed changed it: the focus was in the search
    // box then).
    if let Some(place) = focused {
        request_animation_frame(move || {
            if let Some(element) = at(&top_nodes(false), &place)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                element.focus().ok();
            }
        });
    }
    let deferred = AFTER_REVEAL.take();
    if !deferred.is_empty() {
        set_timeout(move || deferred.into_iter().for_each(|run| run()), Default::default());
    }
}

/// The list's cards, in the order they appear.
const CARDS: &str = "article.measure";
/// The class that lets the browser skip a card's style and layout while it
/// is off screen (see style/main.css).
const LATER: &str = "plus-tard";
/// Cards given their layout back per frame after the hand-over.
const CARDS_PER_FRAME: usize = 8;

/// How many of the prerendered cards begin above the bottom of the window:
/// what the reader sees, or scrolled past. `None` when the window has no height.
fn cards_above_fold() -> Option<usize> {
    let fold = window().inner_height().ok()?.as_f64()?;
    let cards = elements(&format!("[data-prerendu] {CARDS}"));
    // Reading the layout of the page on screen costs nothing more: it is laid out.
    let first_below = cards.iter().position(|card| card.get_bounding_client_rect().top() > fold);
    Some(first_below.unwrap_or(cards.len()))
}

/// Marks the app's cards after the first `shown` [`LATER`]: the hand-over
/// then styles and lays out only what is on screen, instead of the whole
/// list in one long task (on a slow phone, most of the hand-over). Cards
/// below the window do not move what the reader sees, whatever their
/// height, and those above keep their exact place: they are not marked.
fn lay_out_later(shown: usize) -> Vec<web_sys::Element> {
    let later: Vec<_> = elements(CARDS).into_iter().skip(shown).collect();
    for card in &later {
        drop(card.class_list().add_1(LATER));
    }
    later
}

/// Gives the marked cards their layout back, [`CARDS_PER_FRAME`] per
/// frame, so that the page soon has its true height (Back and a search
/// then find the reader's place) without one long task. A card the app
/// dropped meanwhile is simply no longer in the page.
fn lay_out_in_frames(mut cards: Vec<web_sys::Element>) {
    if cards.is_empty() {
        return;
    }
    request_animation_frame(move || {
        let rest = cards.split_off(cards.len().min(CARDS_PER_FRAME));
        for card in &cards {
            drop(card.class_list().remove_1(LATER));
        }
        lay_out_in_frames(rest);
    });
}

/// Runs `work` once the app has taken over (in a task after the hand-over),
/// or at once when it already has or there is nothing to hand over: start-up
/// work the first screen does not need, which would otherwise compete with
/// building it (installing the offline copy fetched every file of the
/// release while the list was built: the app was ready 60 to 100 ms later
/// on a first visit, measured).
pub fn after_reveal(work: impl FnOnce() + 'static) {
    if booting() {
        AFTER_REVEAL.with_borrow_mut(|queue| queue.push(Box::new(work)));
    } else {
        work();
    }
}

thread_local! {
    /// The search words last carried from the prerendered page.
    static CARRIED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// What waits for the hand-over ([`after_reveal`]).
    static AFTER_REVEAL: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Puts what the reader typed or chose in the prerendered page (its search
/// words, its sort) into the route. Called once as the app starts, so that a
/// search typed while it loaded builds only the matching cards, and again
/// at the hand-over for what changed meanwhile. Words in the address win
/// over words typed, unless they are the ones carried before.
pub fn carry_over(router: Router) {
    if !booting() {
        return;
    }
    let Route::List(state) = router.route().get_untracked() else { return };
    let typed = control::<web_sys::HtmlInputElement>(SEARCH_SELECTOR)
        .map(|input| input.value())
        .filter(|v| !v.trim().is_empty());
    let sort = control::<web_sys::HtmlSelectElement>(SORT_SELECTOR)
        .and_then(|select| Sort::from_key(&select.value()));
    let mut next = state.clone();
    if let Some(query) = typed {
        if state.query.is_empty() || CARRIED.with_borrow(|c| *c == state.query) {
            CARRIED.with_borrow_mut(|c| c.clone_from(&query));
            next.query = query;
        }
    }
    if let Some(sort) = sort {
        next.sort = sort;
    }
    if next != state {
        router.go(Route::List(next), History::Replace);
    }
}

/// The first element matching `selector`, as a `T`.
fn control<T: JsCast>(selector: &str) -> Option<T> {
    document().query_selector(selector).ok().flatten()?.dyn_into::<T>().ok()
}

/// Every element matching `selector`, in document order.
fn elements(selector: &str) -> Vec<web_sys::Element> {
    let Ok(nodes) = document().query_selector_all(selector) else { return vec![] };
    (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into().ok()).collect()
}

/// The top-level nodes of the prerendered page (`true`) or of the app: both
/// have the same shape, so a path in one leads to the same place in the other.
fn top_nodes(prerendered: bool) -> Vec<web_sys::Element> {
    let Some(body) = document().body() else { return vec![] };
    let children = body.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|e| !matches!(e.tag_name().as_str(), "SCRIPT" | "LINK" | "NOSCRIPT"))
        .filter(|e| e.has_attribute("data-prerendu") == prerendered)
        .collect()
}

/// Where an element sits: under the nearest ancestor with an id (ids are
/// the same in both copies, and survive a re-sorted list), or else under a
/// top-level node; then its index among its parent's elements at each level.
struct Place {
    anchor: Result<String, u32>,
    steps: Vec<u32>,
}

fn path(tops: &[web_sys::Element], element: &web_sys::Element) -> Option<Place> {
    let mut steps = Vec::new();
    let mut at = element.clone();
    loop {
        let anchor = if !at.id().is_empty() {
            Some(Ok(at.id()))
        } else {
            tops.iter().position(|t| t == &at).map(|top| Err(top as u32))
        };
        if let Some(anchor) = anchor {
            steps.reverse();
            return Some(Place { anchor, steps });
        }
        let parent = at.parent_element()?;
        let siblings = parent.children();
        let index = (0..siblings.length()).find(|&i| siblings.item(i).as_ref() == Some(&at))?;
        steps.push(index);
        at = parent;
    }
}

fn at(tops: &[web_sys::Element], place: &Place) -> Option<web_sys::Element> {
    let mut element = match &place.anchor {
        Ok(id) => document().get_element_by_id(id)?,
        Err(top) => tops.get(*top as usize)?.clone(),
    };
    for &i in &place.steps {
        element = element.children().item(i)?;
    }
    Some(element)
}
