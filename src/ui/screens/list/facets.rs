//! The filters: each facet's group of options with their counts, folded
//! on narrow screens.

use crate::core::french;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::view::listing::{self, FacetView, Facts, Listing};
use crate::core::view::route::{Facet, ListState};

use crate::ui::context::ctx;
use crate::ui::router::History;

/// A `<details>` whose content is only built the first time it opens: the
/// folded facets (and the whole panel on phones) cost nothing at start-up.
#[component]
pub(super) fn Folded(
    class: &'static str,
    open: bool,
    summary: AnyView,
    children: ChildrenFn,
) -> impl IntoView {
    let opened = RwSignal::new(open);
    view! {
        <details
            class=class
            open=open
            on:toggle=move |ev| {
                let open = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| d.open());
                if open && !opened.get_untracked() {
                    opened.set(true);
                }
            }
        >
            <summary>{summary}</summary>
            <Show when=move || opened.get()>{children()}</Show>
        </details>
    }
}

pub(super) fn wide_screen() -> bool {
    window().match_media("(min-width: 52rem)").ok().flatten().is_some_and(|m| m.matches())
}

#[component]
pub(super) fn FacetGroup(
    facet: Facet,
    listing: Memo<Listing>,
    facts: Memo<Facts>,
    state: Memo<ListState>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let plan = ctx().plan;
    // The options never change; only their counts and ticks do, so the
    // checkboxes stay in place (and keep focus) while the list updates.
    let option = move |i: usize| {
        listing.with(|l| {
            l.facets
                .iter()
                .find(|f| f.facet == facet)
                .and_then(|FacetView { options, .. }| options.get(i))
                .map(|o| (o.count, o.selected))
        })
    };
    let initially_open = matches!(facet, Facet::Objective | Facet::Theme | Facet::Status)
        || state.with_untracked(|s| s.selected.contains_key(facet));
    // Only the pilotes change (with the annotations), and rarely.
    let options = Memo::new(move |_| facts.with(|f| f.options(facet).to_vec()));
    view! {
        <Folded
            class="facet"
            open=initially_open
            summary=view! {
                {facet.label()}
                {move || {
                    let n = state.with(|s| s.selected.get(facet).map_or(0, |v| v.len()));
                    (n > 0)
                        .then(|| {
                            view! {
                                <span class="facet-badge">
                                    {format!("{n} choisi{}", french::s(n))}
                                </span>
                            }
                        })
                }}
            }
                .into_any()
        >
            <fieldset>
                <legend class="visually-hidden">
                    {format!("Filtrer par {}", facet.label().to_ascii_lowercase())}
                </legend>
                <ul role="list">
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, (value, label))| {
                                let id = format!("facette-{}-{i}", facet.key());
                                let count = move || option(i).map_or(0, |(c, _)| c);
                                let checked = move || option(i).is_some_and(|(_, s)| s);
                                let disabled = move || count() == 0 && !checked();
                                let definition = listing::facet_definition(plan, facet, &value);
                                view! {
                                    <li class:disabled=disabled>
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            prop:checked=checked
                                            disabled=disabled
                                            on:change=move |_| navigate(
                                                state.get_untracked().toggled(facet, &value),
                                                History::Push,
                                            )
                                        />
                                        <label for=id title=definition>
                                            <span class="option-label">{label}</span>
                                            <span class="option-count">
                                                <span class="visually-hidden">" — "</span>
                                                {count}
                                                <span class="visually-hidden">
                                                    {move || format!(" mesure{}", french::s(count()))}
                                                </span>
                                            </span>
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </fieldset>
        </Folded>
    }
}
