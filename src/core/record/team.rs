//! The team directory: the services that pilot measures, the other names
//! they go by, the people in each and a contact address. The pilote field
//! stays free text; the directory says which service a pilote belongs to
//! (« Gendarmerie – DGGN (Capitaine Roux) » is the Gendarmerie), so that
//! the facet, « Mes mesures » and the « Relevé » group by service.
//!
//! It travels with the annotations, in storage and in exports: a map of
//! services, each a last-writer-wins register under its stamp (a removed
//! service is kept, marked removed), so that copies that met hold the same
//! directory whatever the order.

use crate::core::order;
use crate::core::plan::text;
use crate::core::record::annotations::Annotation;
use crate::core::record::annotations::Author;
use crate::core::record::stamp::Stamp;

/// At most this many services in a directory (a file holding more is refused).
pub const MAX_SERVICES: usize = 200;
/// At most this many people, or other names, per service.
pub const MAX_NAMES: usize = 100;

/// One service of the directory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Service {
    /// Its id, in addresses (`#/?pilote=…`): the folded words of the name
    /// it was created with, kept when the name is edited.
    pub id: String,
    pub name: String,
    /// Other names it goes by (an acronym, a former name).
    pub aliases: Vec<String>,
    pub people: Vec<String>,
    /// Where « Relancer » writes to; may be empty.
    pub email: String,
    /// When this version was written.
    pub at: Stamp,
    pub removed: bool,
}

impl Service {
    /// Every name that says « this service »: its name, other names, people.
    fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.people.iter().map(String::as_str))
    }
}

/// The directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    /// Sorted by id, one version per id, removed ones included.
    services: Vec<Service>,
}

/// The id of the pilote facet's « Sans pilote » value.
pub const NO_PILOTE: &str = "sans-pilote";

/// A pilote's id in the facet and in addresses: its folded words, so that
/// « Ofast » and « OFAST », or « DGPN/Ofast » and « DGPN - Ofast », are one
/// value (commas, which separate ids in addresses, cannot appear in it).
pub fn pilote_id(pilote: &str) -> String {
    match crate::core::plan::text::plain_words(pilote) {
        words if words.is_empty() => NO_PILOTE.to_owned(),
        words => words.join("-"),
    }
}

/// The id a new service of this name gets.
pub fn service_id(name: &str) -> String {
    pilote_id(name)
}

impl Team {
    /// From decoded services (any order; the later of two versions of an id
    /// is kept).
    pub fn from_services(services: Vec<Service>) -> Team {
        let mut team = Team::default();
        for s in services {
            team.put(s);
        }
        team
    }

    /// Takes `service` if it is newer than the version held; returns
    /// whether anything changed.
    pub fn put(&mut self, service: Service) -> bool {
        match self.services.binary_search_by(|s| s.id.cmp(&service.id)) {
            Ok(i) if (service.at, &service) > (self.services[i].at, &self.services[i]) => {
                self.services[i] = service;
                true
            }
            Ok(_) => false,
            Err(i) => {
                self.services.insert(i, service);
                true
            }
        }
    }

    /// Takes every newer version `other` holds.
    pub fn merge(&mut self, other: &Team) -> bool {
        other.services.iter().fold(false, |changed, s| self.put(s.clone()) | changed)
    }

    /// The services in use, by id (which the name they were created
    /// with decides).
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.iter().filter(|s| !s.removed)
    }

    /// Every version, removed ones included, by id (for files).
    pub fn all(&self) -> &[Service] {
        &self.services
    }

    pub fn get(&self, id: &str) -> Option<&Service> {
        self.services
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.services[i])
            .filter(|s| !s.removed)
    }

    /// A hash of every version it holds (0 when it holds none).
    pub fn hash(&self) -> u64 {
        if self.services.is_empty() {
            return 0;
        }
        let mut hash = crate::core::plan::Fnv1a::new();
        for s in &self.services {
            hash.write(s.id.as_bytes());
            hash.write(s.at.to_string().as_bytes());
        }
        hash.finish()
    }

    pub fn is_empty(&self) -> bool {
        self.services.iter().all(|s| s.removed)
    }

    /// The service a pilote (or a signer) belongs to: the one with a name,
    /// other name or person whose words all appear in it, the most words
    /// winning (« Gendarmerie – DGGN (Capitaine Roux) » is « Gendarmerie
    /// (DGGN) »; « Police » alone is not « Police judiciaire »).
    pub fn service_of(&self, pilote: &str) -> Option<&Service> {
        let said = text::words(pilote);
        if said.is_empty() {
            return None;
        }
        let mut best: Option<(usize, &Service)> = None;
        for s in self.services.iter().filter(|s| !s.removed) {
            for name in s.names() {
                let w = text::words(name);
                let fits = !w.is_empty() && w.iter().all(|x| said.contains(x));
                if fits && best.is_none_or(|(n, _)| w.len() > n) {
                    best = Some((w.len(), s));
                }
            }
        }
        best.map(|(_, s)| s)
    }

    /// The author's service: by their service, or by their name among its
    /// people.
    pub fn service_of_author(&self, author: &Author) -> Option<&Service> {
        [author.service.as_str(), &author.display(), author.name.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .find_map(|s| self.service_of(s))
    }

    /// Pilotes and signers' services the annotations name that no service
    /// of the directory covers, each once (under the spelling most
    /// measures use) with how many measures name it, most first: what the
    /// settings offer to add.
    pub fn unknown_names<'a>(
        &self,
        annotations: impl IntoIterator<Item = &'a Annotation>,
    ) -> Vec<(String, usize)> {
        // (id, spelling, measures)
        let mut seen: Vec<(String, String, usize)> = Vec::new();
        for a in annotations {
            let signers = a.all_entries().filter_map(|e| signer_service(&e.by));
            let mut names: Vec<&str> = std::iter::once(a.pilote()).chain(signers).collect();
            order::sort(&mut names);
            names.dedup();
            let mut ids_here: Vec<String> = Vec::new();
            for name in names.into_iter().map(str::trim) {
                if name.is_empty() || self.service_of(name).is_some() {
                    continue;
                }
                let id = service_id(name);
                if ids_here.contains(&id) {
                    continue;
                }
                ids_here.push(id.clone());
                match seen.iter_mut().find(|(i, s, _)| *i == id && s == name) {
                    Some((_, _, n)) => *n += 1,
                    None => seen.push((id, name.to_owned(), 1)),
                }
            }
        }
        let mut out: Vec<(String, usize)> = Vec::new();
        for (id, spelling, n) in &seen {
            let total: usize = seen.iter().filter(|(i, _, _)| i == id).map(|(_, _, m)| m).sum();
            let best = seen.iter().filter(|(i, _, _)| i == id).map(|(_, _, m)| *m).max();
            if best == Some(*n) && !out.iter().any(|(s, _)| service_id(s) == *id) {
                out.push((spelling.clone(), total));
            }
        }
        order::sort_by_key(&mut out, |(s, n)| (std::cmp::Reverse(*n), text::fold(s)));
        out
    }
}

/// The service in a signature « Nom (Service) », if it has one.
pub fn signer_service(by: &str) -> Option<&str> {
    let inner = by.trim().strip_suffix(')')?;
    let (_, service) = inner.rsplit_once(" (")?;
    (!service.trim().is_empty()).then_some(service)
}
