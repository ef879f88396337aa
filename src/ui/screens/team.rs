//! The team directory in the settings: the services, the other names they
//! go by, their people and contact address, each field saved when it is
//! left; the pilotes and signers' services the annotations name that no
//! service covers yet, to add in one click.

use crate::core::french;
use leptos::prelude::*;

use crate::core::record::annotations::MAX_SHORT;
use crate::core::record::stamp::Stamp;
use crate::core::record::team::{service_id, Service};

use crate::ui::context::ctx;

/// `a, b , c` → `[a, b, c]`.
fn names(list: &str) -> Vec<String> {
    list.split([',', ';'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .take(crate::core::record::team::MAX_NAMES)
        .collect()
}

fn new_service(name: &str) -> Service {
    Service {
        id: service_id(name),
        name: name.trim().to_owned(),
        aliases: Vec::new(),
        people: Vec::new(),
        email: String::new(),
        at: Stamp::default(),
        removed: false,
    }
}

#[component]
pub fn TeamDirectory() -> impl IntoView {
    let store = ctx().store;
    let services = Memo::new(move |_| {
        let mut services: Vec<Service> =
            store.document().with(|d| d.team().services().cloned().collect());
        crate::core::order::sort_by_key(&mut services, |s| crate::core::plan::text::fold(&s.name));
        services
    });
    let unknown = Memo::new(move |_| store.document().with(|d| d.unknown_names()));
    let new_name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked();
        if service_id(&name) != crate::core::record::team::NO_PILOTE {
            store.put_service(new_service(&name));
            new_name.set(String::new());
        }
    };
    view! {
        <section class="panel" aria-labelledby="titre-annuaire">
            <h2 id="titre-annuaire">"Annuaire de l’équipe"</h2>
            <p class="muted">
                "Les services qui pilotent des mesures, les autres noms sous lesquels on les \
                 écrit et les personnes de chacun. Vigie s’en sert pour regrouper les pilotes \
                 (filtre, «\u{202f}Mes mesures\u{202f}», relevé) et les propose dans le champ \
                 Pilote. L’annuaire voyage avec vos exports."
            </p>
            <Show when=move || unknown.with(|u| !u.is_empty())>
                <h3>"Vus dans les annotations, pas encore dans l’annuaire"</h3>
                <ul class="team-unknown" role="list">
                    <For
                        each=move || unknown.get()
                        key=|(name, n)| (name.clone(), *n)
                        children=move |(name, n)| {
                            let label = format!("Ajouter {}", french::quoted(&name));
                            let service = new_service(&name);
                            view! {
                                <li>
                                    <bdi>{name.clone()}</bdi>
                                    {format!(" ({})", french::plural(n, "mesure", "mesures"))}
                                    " "
                                    <button
                                        type="button"
                                        class="button-quiet"
                                        aria-label=label
                                        on:click=move |_| store.put_service(service.clone())
                                    >
                                        "Ajouter"
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
                <button
                    type="button"
                    class="button-quiet"
                    on:click=move |_| {
                        for (name, _) in unknown.get_untracked() {
                            store.put_service(new_service(&name));
                        }
                    }
                >
                    {move || format!("Tout ajouter ({})", unknown.with(Vec::len))}
                </button>
            </Show>
            <ul class="team-list" role="list">
                <For
                    each=move || services.get()
                    key=|s| (s.id.clone(), s.at)
                    children=move |service| view! { <ServiceFields service /> }
                />
            </ul>
            <form class="team-add" on:submit=add>
                <div class="field">
                    <label for="nouveau-service">"Nouveau service"</label>
                    <input
                        type="text"
                        id="nouveau-service"
                        dir="auto"
                        maxlength=MAX_SHORT
                        prop:value=new_name
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                </div>
                <button type="submit" class="button">
                    "Ajouter le service"
                </button>
            </form>
        </section>
    }
}

/// One service, each field saved when left.
#[component]
fn ServiceFields(service: Service) -> impl IntoView {
    let store = ctx().store;
    let id = service.id.clone();
    let field_id = move |what: &str| format!("service-{id}-{what}");
    let kept = StoredValue::new(service.clone());
    let save = move |edit: Box<dyn Fn(&mut Service)>| {
        let mut s = kept.get_value();
        edit(&mut s);
        store.put_service(s);
    };
    let text_field = move |what: &'static str, label: &'static str, value: String| {
        let id = field_id(what);
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    type=if what == "courriel" { "email" } else { "text" }
                    id=id
                    dir="auto"
                    maxlength=MAX_SHORT
                    prop:value=value
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        save(
                            Box::new(move |s: &mut Service| match what {
                                "nom" if !v.trim().is_empty() => s.name = v.trim().to_owned(),
                                "autres" => s.aliases = names(&v),
                                "personnes" => s.people = names(&v),
                                "courriel" => s.email = v.trim().to_owned(),
                                _ => {}
                            }),
                        )
                    }
                />
            </div>
        }
    };
    let legend = service.name.clone();
    let remove_label = format!("Retirer {} de l’annuaire", french::quoted(&service.name));
    view! {
        <li>
            <fieldset class="team-service">
                <legend>
                    <bdi>{legend}</bdi>
                </legend>
                {text_field("nom", "Nom", service.name.clone())}
                {text_field(
                    "autres",
                    "Autres noms (séparés par des virgules)",
                    service.aliases.join(", "),
                )}
                {text_field(
                    "personnes",
                    "Personnes (séparées par des virgules)",
                    service.people.join(", "),
                )}
                {text_field("courriel", "Adresse de contact", service.email.clone())}
                <button
                    type="button"
                    class="button-quiet"
                    aria-label=remove_label
                    on:click=move |_| save(Box::new(|s: &mut Service| s.removed = true))
                >
                    "Retirer"
                </button>
            </fieldset>
        </li>
    }
}
