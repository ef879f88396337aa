//! Finding: the search box, the results bar (the count, the partial
//! answer, the sort and what can be done with the selection) and the
//! chips of the active filters.

use super::SEARCH_ID;
use crate::core::french;
use leptos::prelude::*;

use crate::core::view::listing::{self, Facts, Listing};
use crate::core::view::route::{Facet, Handout, ListState, Route, Sort};

use crate::core::wording::{self, movements_summary};
use crate::ui::context::{ctx, Ctx};
use crate::ui::router::History;

/// The search box: every keystroke filters (and rewrites the address).
#[component]
pub(super) fn SearchBar(
    state: Memo<ListState>,
    typing: StoredValue<bool>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let router = ctx().router;
    let on_input = move |ev: leptos::ev::Event| {
        let mut next = state.get_untracked();
        next.query = event_target_value(&ev);
        let mode = if typing.get_value() { History::Replace } else { History::Push };
        router.go(Route::List(next), mode);
        typing.set_value(true);
    };
    let on_search_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !state.with_untracked(|s| s.query.is_empty()) {
            ev.prevent_default();
            let mut next = state.get_untracked();
            next.query.clear();
            navigate(next, History::Push);
        }
    };
    view! {
        <search class="search-bar" aria-label="Rechercher dans le plan">
            <label for=SEARCH_ID>"Rechercher"</label>
            <div class="search-field">
                <input
                    id=SEARCH_ID
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Mot, sigle ou «\u{202f}expression exacte\u{202f}»"
                    aria-describedby="aide-recherche"
                    prop:value=move || state.with(|s| s.query.clone())
                    on:input=on_input
                    on:keydown=on_search_key
                />
                <kbd class="search-key" aria-hidden="true">
                    "/"
                </kbd>
            </div>
            <p id="aide-recherche" class="hint">
                "Accents, majuscules, pluriel et genre indifférents\u{202f}; mots du métier \
                 compris\u{202f}; «\u{202f}OU\u{202f}» ou «\u{202f}|\u{202f}» entre deux \
                 mots pour l’un ou l’autre\u{202f}; «\u{202f}-mot\u{202f}» l’exclut\u{202f}; \
                 guillemets pour une expression exacte. Touche «\u{202f}/\u{202f}» pour \
                 revenir ici, Échap pour effacer."
            </p>
        </search>
    }
}

/// How many measures show, what to do with them, the order, the filters in
/// force and what moved since the baseline.
#[component]
pub(super) fn ResultsBar(
    listing: Memo<Listing>,
    facts: Memo<Facts>,
    state: Memo<ListState>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let Ctx { plan, exchange, store, .. } = ctx();
    let csv_error = RwSignal::new(None::<crate::ui::download::ExportError>);
    let count_text = move || {
        let (shown, partial) = listing.with(|l| (l.visible.len(), l.partial.is_some()));
        let total = plan.measures.len();
        if shown == total {
            french::plural(total, "mesure", "mesures")
        } else if partial {
            wording::found_with_part_of_words(shown, total)
        } else {
            wording::found_of(shown, total)
        }
    };
    let mine = Memo::new(move |_| store.document().with(|d| listing::mine(d.author(), d.team())));
    let selection_deck = move || {
        Route::Presentation { slide: 1, selection: Some(state.get()), presenter: false }.to_hash()
    };
    view! {
        <div class="results-bar">
            <p class="count" role="status" aria-live="polite">
                {count_text}
            </p>
            <div class="button-row">
                {move || {
                    mine.get()
                        .map(|mine| {
                            let href = Route::List(mine.clone()).to_hash();
                            let current = move || state.with(|s| *s == mine);
                            view! {
                                <a
                                    class="button-quiet"
                                    href=href
                                    aria-current=move || current().then_some("page")
                                    title="Les mesures dont vous êtes pilote (nom ou service des paramètres)"
                                >
                                    "Mes mesures"
                                </a>
                            }
                        })
                }} <a class="button-quiet" href=selection_deck>
                    "Présenter la sélection"
                </a>
                <a
                    class="button-quiet"
                    href=move || Route::Handout(Handout::Selection(state.get())).to_hash()
                >
                    "Dossier imprimable"
                </a>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| {
                        crate::ui::lazy::export_csv(
                            listing.with_untracked(|l| l.visible.clone()),
                            csv_error,
                        )
                    }
                >
                    "Exporter en CSV"
                </button>
            </div>
            <label class="sort">
                "Trier par "
                <select on:change=move |ev| {
                    let mut next = state.get_untracked();
                    next.sort = Sort::from_key(&event_target_value(&ev)).unwrap_or_default();
                    navigate(next, History::Push);
                }>
                    {Sort::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option
                                    value=s.key()
                                    selected=move || state.with(|st| st.sort == s)
                                    prop:selected=move || state.with(|st| st.sort == s)
                                >
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        <ActiveFilters state facts navigate />
        <p class="form-error" role="alert">
            {move || csv_error.get().map(|e| e.to_string())}
        </p>
        {move || {
            exchange
                .moved
                .get()
                .map(|m| {
                    view! {
                        <p class="baseline-summary">
                            <strong>{movements_summary(&m.since, &m.movements)}</strong>
                            " · "
                            <a href=Route::Exchange.to_hash()>"Référence"</a>
                        </p>
                    }
                })
        }}
    }
}

#[component]
fn ActiveFilters(
    state: Memo<ListState>,
    facts: Memo<Facts>,
    navigate: impl Fn(ListState, History) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let chips = move || {
        state.with(|s| {
            s.selected
                .iter()
                .flat_map(|(facet, ids)| {
                    facts.with(|f| {
                        ids.iter()
                            .filter_map(|id| match f.options(facet).iter().find(|(o, _)| o == id) {
                                Some((_, label)) => Some((facet, id.clone(), label.clone())),
                                // A pilote no measure names any more stays
                                // removable.
                                None if facet == Facet::Pilote => {
                                    Some((facet, id.clone(), id.clone()))
                                }
                                None => None,
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || state.with(ListState::is_filtered)>
            <div class="active-filters">
                <h2 class="visually-hidden">"Filtres actifs"</h2>
                <ul role="list">
                    {move || {
                        chips()
                            .into_iter()
                            .map(|(facet, id, label)| {
                                let aria = format!(
                                    "Retirer le filtre {}\u{a0}: {label}",
                                    facet.label(),
                                );
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="chip"
                                            aria-label=aria
                                            on:click=move |_| navigate(
                                                state.get_untracked().toggled(facet, &id),
                                                History::Push,
                                            )
                                        >
                                            <span class="chip-facet">{facet.label()}"\u{a0}: "</span>
                                            {label}
                                            <span class="chip-x" aria-hidden="true">
                                                " ×"
                                            </span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button
                    type="button"
                    class="button-link"
                    on:click=move |_| navigate(state.get_untracked().cleared(), History::Push)
                >
                    "Tout effacer"
                </button>
            </div>
        </Show>
    }
}
