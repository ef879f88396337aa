//! Asking who signs. From the first change made while nobody is named, a
//! prompt under the header asks for a name without blocking anything (the
//! change is saved already); giving it signs the changes this browser made
//! unsigned and has not exported. An export made while nobody is named
//! opens a dialog for the name first, instead of signing « anonyme » behind
//! the user's back.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::core::record::annotations::{Author, MAX_SHORT};
use crate::core::record::stamp::{Replica, Stamp};

use crate::ui::context::ctx;
use crate::ui::screens::widgets::focus_id;

/// The dialog's state, provided by the app (see [`provide`]).
#[derive(Clone, Copy)]
struct Signing {
    open: RwSignal<bool>,
    /// Asked in this tab already (answered or declined): never again.
    asked: RwSignal<bool>,
    /// What to do once answered: the export that asked.
    then: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
    /// The tabs with unsigned changes when the page opened: the prompt
    /// waits for a change made since (nothing moves on the page as it
    /// opens, and the question comes with the work it is about).
    unsigned_at_start: StoredValue<Vec<(Replica, Stamp)>>,
}

/// Provides the dialog's state; [`AuthorDialog`] shows it.
pub fn provide() {
    let unsigned = ctx().store.document().with_untracked(|d| d.unsigned_tabs().to_vec());
    provide_context(Signing {
        open: RwSignal::new(false),
        asked: RwSignal::new(false),
        then: StoredValue::new_local(None),
        unsigned_at_start: StoredValue::new(unsigned),
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

/// What closing the signing dialog does with the export that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Finish {
    Export,
    Cancel,
}

/// The modal dialog that asks for the name and service (on the screens
/// that export: exchanges and settings).
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
    let finish = move |then_do: Finish| {
        let then = signing.then.try_update_value(Option::take).flatten();
        signing.open.set(false);
        error.set(false);
        if then_do == Finish::Export {
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
        store.sign_as(author);
        finish(Finish::Export);
    };
    view! {
        <dialog
            node_ref=dialog
            class="author-dialog"
            aria-labelledby="titre-signature"
            aria-describedby="signature-aide"
            on:cancel=move |_: web_sys::Event| finish(Finish::Cancel)
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
                    <NameFields
                        name
                        service
                        ids=("signature-nom", "signature-service")
                        labels=("Nom", "Service")
                    />
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
                        <button
                            type="button"
                            class="button-quiet"
                            on:click=move |_| finish(Finish::Export)
                        >
                            "Exporter sans signature"
                        </button>
                        <button
                            type="button"
                            class="button-quiet"
                            on:click=move |_| finish(Finish::Cancel)
                        >
                            "Annuler"
                        </button>
                    </div>
                </form>
            </Show>
        </dialog>
    }
}

/// Whether changes made here are signed « anonyme » for want of a name,
/// one of them since the page opened.
pub fn needs_name(store: crate::ui::store::Store) -> bool {
    let signing = expect_context::<Signing>();
    !store.read_only()
        && store.document().with(|d| {
            d.author().is_empty()
                && !d.unsigned_tabs().is_empty()
                && signing.unsigned_at_start.with_value(|at_start| d.unsigned_tabs() != at_start)
        })
}

/// The prompt shown while changes made here are signed « anonyme »: one
/// line that asks who is working, without taking the focus or blocking any
/// change; the form opens on demand.
#[component]
pub fn SignPrompt() -> impl IntoView {
    let store = ctx().store;
    let later = RwSignal::new(false);
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let error = RwSignal::new(false);
    let shown = Memo::new(move |_| !later.get() && needs_name(store));
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
        error.set(false);
        store.sign_as(author);
    };
    let open_form = move |_| {
        open.set(true);
        // Asked for: the name field takes the focus once rendered.
        request_animation_frame(|| {
            focus_id("qui-nom");
        });
    };
    let later_button = move || {
        view! {
            <button type="button" class="button-quiet" on:click=move |_| later.set(true)>
                "Plus tard"
            </button>
        }
    };
    view! {
        <Show when=move || shown.get()>
            <section class="sign-prompt" aria-labelledby="titre-qui-travaille">
                <p class="sign-prompt-line">
                    <strong id="titre-qui-travaille">"Qui travaille\u{202f}?"</strong>
                    " Vos modifications sont signées «\u{202f}anonyme\u{202f}»."
                </p>
                <Show
                    when=move || open.get()
                    fallback=move || {
                        view! {
                            <div class="button-row">
                                <button type="button" class="button" on:click=open_form>
                                    "Indiquer mon nom"
                                </button>
                                {later_button()}
                            </div>
                        }
                    }
                >
                    <form class="sign-prompt-form" on:submit=sign novalidate>
                        <p class="muted">
                            "Elles seront signées de votre nom et de votre service, celles déjà \
                             faites dans ce navigateur et pas encore exportées comprises."
                        </p>
                        <NameFields
                            name
                            service
                            ids=("qui-nom", "qui-service")
                            labels=("Votre nom", "Votre service")
                        />
                        <div class="button-row">
                            <button type="submit" class="button">
                                "Signer mes modifications"
                            </button>
                            {later_button()}
                        </div>
                        <p class="form-error" role="alert">
                            {move || error.get().then_some("Indiquez votre nom ou votre service.")}
                        </p>
                    </form>
                </Show>
            </section>
        </Show>
    }
}

/// The name and service fields, as both ways of asking show them.
#[component]
fn NameFields(
    name: RwSignal<String>,
    service: RwSignal<String>,
    ids: (&'static str, &'static str),
    labels: (&'static str, &'static str),
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=ids.0>{labels.0}</label>
            <input
                type="text"
                id=ids.0
                autocomplete="name"
                dir="auto"
                maxlength=MAX_SHORT
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
        </div>
        <div class="field">
            <label for=ids.1>{labels.1}</label>
            <input
                type="text"
                id=ids.1
                autocomplete="organization"
                dir="auto"
                maxlength=MAX_SHORT
                prop:value=service
                on:input=move |ev| service.set(event_target_value(&ev))
            />
        </div>
    }
}
