//! Asking who signs, once: the first export made while the settings name
//! nobody opens a dialog for the author's name and service (kept in the
//! settings), instead of signing « anonyme » behind the user's back.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::core::annotations::{Author, MAX_SHORT};

use super::context::ctx;
use super::widgets::focus_id;

/// The dialog's state, provided by the app (see [`provide`]).
#[derive(Clone, Copy)]
struct Signing {
    open: RwSignal<bool>,
    /// Asked in this tab already (answered or declined): never again.
    asked: RwSignal<bool>,
    /// What to do once answered: the export that asked.
    then: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
}

/// Provides the dialog's state; [`AuthorDialog`] shows it.
pub fn provide() {
    provide_context(Signing {
        open: RwSignal::new(false),
        asked: RwSignal::new(false),
        then: StoredValue::new_local(None),
    });
}

/// Runs `export` now if the settings name someone (or the user was asked in
/// this tab already); otherwise asks first, then runs it, unless the user
/// closes the dialog.
pub fn signed(export: impl FnOnce() + 'static) {
    let signing = expect_context::<Signing>();
    let named = ctx().store.document().with_untracked(|d| !d.author().is_empty());
    if named || signing.asked.get_untracked() || ctx().store.read_only() {
        export();
    } else {
        signing.then.set_value(Some(Box::new(export)));
        signing.open.set(true);
    }
}

/// The modal dialog that asks for the name and service.
#[component]
pub fn AuthorDialog() -> impl IntoView {
    let signing = expect_context::<Signing>();
    let store = ctx().store;
    let dialog = NodeRef::<Dialog>::new();
    let name = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let error = RwSignal::new(false);
    Effect::new(move || {
        if let Some(d) = dialog.get() {
            if signing.open.get() && !d.open() {
                drop(d.show_modal());
                // The form may render after this effect: focus once it has.
                request_animation_frame(|| {
                    focus_id("signature-nom");
                });
            } else if !signing.open.get() && d.open() {
                d.close();
            }
        }
    });
    // Closing by Escape cancels the export; either button carries it out.
    let finish = move |go: bool| {
        let then = signing.then.try_update_value(Option::take).flatten();
        signing.open.set(false);
        error.set(false);
        if go {
            signing.asked.set(true);
            if let Some(export) = then {
                export();
            }
        }
    };
    let sign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let author = Author {
            name: name.get_untracked().trim().to_owned(),
            service: service.get_untracked().trim().to_owned(),
        };
        if author.is_empty() {
            error.set(true);
            return;
        }
        store.set_author(author);
        finish(true);
    };
    view! {
        <dialog
            node_ref=dialog
            class="author-dialog"
            aria-labelledby="titre-signature"
            aria-describedby="signature-aide"
            on:cancel=move |_: web_sys::Event| finish(false)
        >
            // Only while open: a closed dialog holds no second « Nom » field.
            <Show when=move || signing.open.get()>
                <form on:submit=sign novalidate>
                    <h2 id="titre-signature">"Qui signe cet export\u{202f}?"</h2>
                    <p id="signature-aide">
                        "Votre nom et votre service signent vos exports et l’historique de \
                         vos modifications. Ils restent dans ce navigateur et se changent \
                         dans les paramètres."
                    </p>
                    <div class="field">
                        <label for="signature-nom">"Nom"</label>
                        <input
                            type="text"
                            id="signature-nom"
                            autocomplete="name"
                            dir="auto"
                            maxlength=MAX_SHORT
                            prop:value=name
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="signature-service">"Service"</label>
                        <input
                            type="text"
                            id="signature-service"
                            autocomplete="organization"
                            dir="auto"
                            maxlength=MAX_SHORT
                            prop:value=service
                            on:input=move |ev| service.set(event_target_value(&ev))
                        />
                    </div>
                    <p class="form-error" role="alert">
                        {move || {
                            error
                                .get()
                                .then_some(
                                    "Indiquez votre nom ou votre service, ou exportez sans signature.",
                                )
                        }}
                    </p>
                    <div class="button-row">
                        <button type="submit" class="button">
                            "Signer et exporter"
                        </button>
                        <button type="button" class="button-quiet" on:click=move |_| finish(true)>
                            "Exporter sans signature"
                        </button>
                        <button type="button" class="button-quiet" on:click=move |_| finish(false)>
                            "Annuler"
                        </button>
                    </div>
                </form>
            </Show>
        </dialog>
    }
}
