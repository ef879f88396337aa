//! Settings and the state of saving: the author stamped on changes, the
//! save indicator, the banners that report storage problems, the backups
//! of unreadable data, and the export of annotations.

use leptos::prelude::*;

use crate::core::annotations::{Author, MAX_SHORT};
use crate::core::codec;
use crate::core::date::{french_datetime, french_time, IsoDate};
use crate::core::persistence::{backup_instant, BACKUP_PREFIX};
use crate::core::wording::{plural, s};

use super::clock::{now, zone};
use super::download::download;
use super::storage;
use super::store::{SaveState, Severity};
use super::{ctx, Ctx};

/// The discreet "Enregistré à 14 h 05" in the header.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let store = ctx().store;
    let text = move || match store.save_state().get() {
        SaveState::Saved(0) => ("saved", "Enregistrement automatique".to_owned()),
        SaveState::Saved(at) => ("saved", format!("✓ Enregistré à {}", french_time(at, &zone))),
        SaveState::Pending => ("pending", "… Enregistrement".to_owned()),
        SaveState::MemoryOnly => ("memory", "⚠ Non conservé (stockage indisponible)".to_owned()),
        SaveState::ReadOnly => ("memory", "⚠ Lecture seule (version plus récente enregistrée)".to_owned()),
        SaveState::Failed(_) => ("failed", "⚠ Échec de l’enregistrement".to_owned()),
    };
    view! {
        <p class=move || format!("save-state save-{}", text().0) role="status" aria-live="polite">{move || text().1}</p>
    }
}

/// Export every annotation as a pretty-printed, self-describing JSON file.
pub fn export_annotations() -> Result<(), String> {
    let store = ctx().store;
    store.flush();
    let now = now();
    let date = IsoDate::of_instant(now, &zone);
    let text = store.document().with_untracked(|d| {
        let mut copy = d.clone();
        copy.written_at = now;
        codec::encode(&copy, true)
    });
    download(&format!("vigie-annotations-{date}.json"), "application/json", &text)
}

#[component]
pub fn Banners() -> impl IntoView {
    let store = ctx().store;
    view! {
        <div class="banners" role="region" aria-label="Messages">
            <For
                each=move || store.banners().get()
                key=|b| b.id
                children=move |banner| {
                    let class = match banner.severity {
                        Severity::Info => "banner banner-info",
                        Severity::Warning => "banner banner-warning",
                        Severity::Error => "banner banner-error",
                    };
                    let role = if banner.severity == Severity::Info { "status" } else { "alert" };
                    let icon = match banner.severity {
                        Severity::Info => "ℹ",
                        Severity::Warning | Severity::Error => "⚠",
                    };
                    let id = banner.id;
                    let backup = banner.backup_key.clone().map(|key| view! {
                        <button type="button" class="button-link" on:click=move |_| download_backup(&key)>
                            "Télécharger la copie des données d’origine"
                        </button>
                    });
                    let export = banner.suggest_export.then(|| view! {
                        <button type="button" class="button-link" on:click=move |_| { export_annotations().ok(); }>
                            "Exporter mes annotations"
                        </button>
                    });
                    view! {
                        <div class=class role=role>
                            <span class="banner-icon" aria-hidden="true">{icon}</span>
                            <p dir="auto">{banner.message.clone()}</p>
                            <div class="banner-actions">
                                {backup}
                                {export}
                                <button type="button" class="button-quiet" on:click=move |_| store.dismiss(id)>"Fermer"</button>
                            </div>
                        </div>
                    }
                }
            />
        </div>
    }
}

fn download_backup(key: &str) {
    if let Some(text) = storage::read(key) {
        let name = key.trim_start_matches(BACKUP_PREFIX);
        download(&format!("vigie-sauvegarde-{name}.json"), "application/json", &text).ok();
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let Ctx { plan, store, .. } = ctx();
    let author = move || store.document().with(|d| d.author().clone());
    let backups = RwSignal::new(if storage::available() { storage::backups() } else { Vec::new() });
    let export_error = RwSignal::new(None::<String>);
    // Saved as typed: a name half typed when the tab closes is not lost.
    let set_name = move |name: String| store.set_author(Author { name, ..author() });
    let set_service = move |service: String| store.set_author(Author { service, ..author() });
    let trim = move |_| {
        store.set_author(Author { name: author().name.trim().to_owned(), service: author().service.trim().to_owned() })
    };
    view! {
        <main id="contenu" class="page page-settings" tabindex="-1">
            <h1>"Paramètres"</h1>
            <section class="panel" aria-labelledby="titre-auteur">
                <h2 id="titre-auteur">"Auteur des modifications"</h2>
                <p class="muted">"Votre nom et votre service signent l’historique de chaque mesure et vos exports. Ils restent dans ce navigateur."</p>
                <div class="field">
                    <label for="auteur-nom">"Nom"</label>
                    <input type="text" id="auteur-nom" autocomplete="name" dir="auto" maxlength=MAX_SHORT
                        prop:disabled=move || store.read_only()
                        prop:value=move || author().name
                        on:input=move |ev| set_name(event_target_value(&ev))
                        on:blur=trim/>
                </div>
                <div class="field">
                    <label for="auteur-service">"Service"</label>
                    <input type="text" id="auteur-service" autocomplete="organization" dir="auto" maxlength=MAX_SHORT
                        prop:disabled=move || store.read_only()
                        prop:value=move || author().service
                        on:input=move |ev| set_service(event_target_value(&ev))
                        on:blur=trim/>
                </div>
                <p>"Signature actuelle : " <strong><bdi>{move || author().display()}</bdi></strong></p>
            </section>
            <section class="panel" aria-labelledby="titre-donnees">
                <h2 id="titre-donnees">"Vos données"</h2>
                <p>
                    {move || {
                        let n = store.document().with(|d| d.annotations().annotated());
                        format!("{} annotée{} sur {}.", plural(n, "mesure", "mesures"), s(n), plan.measures.len())
                    }}
                </p>
                <p class="muted">
                    "Les annotations sont enregistrées dans ce navigateur (stockage local), jamais envoyées à un serveur. Pour les partager ou les sauvegarder, exportez-les."
                </p>
                <button type="button" class="button" on:click=move |_| export_error.set(export_annotations().err())>
                    "Exporter les annotations (JSON)"
                </button>
                <p class="form-error" role="alert">{move || export_error.get().map(|e| format!("Export impossible : {e}."))}</p>
                {move || {
                    let list = backups.get();
                    (!list.is_empty()).then(|| view! {
                        <h3>"Copies mises de côté"</h3>
                        <p class="muted">"Données enregistrées que Vigie n’a pas pu lire entièrement : elles ne sont jamais écrasées."</p>
                        <ul>
                            {list.into_iter().map(|(key, text)| {
                                let when = backup_instant(&key).map_or_else(|| key.clone(), |ms| french_datetime(ms, &zone));
                                let size = text.len();
                                view! {
                                    <li>
                                        {format!("Copie du {when} ({size} octets) ")}
                                        <button type="button" class="button-link" on:click=move |_| download_backup(&key)>"Télécharger"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                }}
            </section>
        </main>
    }
}
