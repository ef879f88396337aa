//! Routes as they appear in the URL hash (`#/mesure/17`,
//! `#/?q=maroc&objectif=5`). Pure parsing and printing: the browser side only
//! hands the hash in and writes back what [`Route::to_hash`] returns, so the
//! whole view state round-trips through a link.

use crate::core::plan::MeasureNo;

/// Which screen, and for the list, which view of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    List(ListState),
    Measure(MeasureNo),
    Glossary,
    Dashboard,
    /// The « Relevé »: who has reported since the reference, or since the
    /// date given (`#/releve?depuis=2026-11-01`).
    Report {
        since: Option<crate::core::date::IsoDate>,
    },
    /// The settings; `back`, the measure they were opened from (« Modifier
    /// l’auteur »), which they offer to go back to.
    Settings {
        back: Option<MeasureNo>,
    },
    Exchange,
    /// A slide of the deck (1-based); with `selection`, the deck of the
    /// measures that view of the list shows; `presenter` for the speaker's
    /// window (current and next slide).
    Presentation {
        slide: usize,
        selection: Option<ListState>,
        presenter: bool,
    },
    /// The printable handout, of the whole plan or of part of it.
    Handout(Handout),
    NotFound(String),
}

/// What a handout prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Handout {
    /// Every measure, by objective.
    #[default]
    Plan,
    /// The measures that view of the list shows (« Dossier imprimable »
    /// from the list).
    Selection(ListState),
    /// The measures that need attention (in difficulty or overdue).
    Attention,
}

impl Default for Route {
    fn default() -> Self {
        Route::List(ListState::default())
    }
}

/// The kind of screen a route shows, without the details that change
/// within it (typing in the search box does not rebuild the list screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Measure(MeasureNo),
    Glossary,
    Dashboard,
    Report,
    Settings,
    Exchange,
    Presentation,
    Handout,
    NotFound,
}

impl Screen {
    /// The tab's title on this screen.
    pub fn title(self, plan: &crate::core::plan::Plan) -> String {
        let title = match self {
            Screen::List => plan.title.clone(),
            Screen::Measure(n) => match plan.measure(n) {
                Some(m) => format!("Mesure {n}\u{a0}: {}", m.short_title),
                None => "Mesure introuvable".to_owned(),
            },
            Screen::Glossary => "Glossaire des sigles".to_owned(),
            Screen::Dashboard => "Tableau de bord".to_owned(),
            Screen::Report => "Relevé par pilote".to_owned(),
            Screen::Settings => "Paramètres".to_owned(),
            Screen::Exchange => "Échanger les annotations".to_owned(),
            Screen::Presentation => "Présentation".to_owned(),
            Screen::Handout => "Dossier imprimable".to_owned(),
            Screen::NotFound => "Page introuvable".to_owned(),
        };
        format!("{title} — Vigie")
    }
}

impl Route {
    pub fn screen(&self) -> Screen {
        match self {
            Route::List(_) => Screen::List,
            Route::Measure(n) => Screen::Measure(*n),
            Route::Glossary => Screen::Glossary,
            Route::Dashboard => Screen::Dashboard,
            Route::Report { .. } => Screen::Report,
            Route::Settings { .. } => Screen::Settings,
            Route::Exchange => Screen::Exchange,
            Route::Presentation { .. } => Screen::Presentation,
            Route::Handout(_) => Screen::Handout,
            Route::NotFound(_) => Screen::NotFound,
        }
    }

    /// The list with one facet value ticked (a link from a figure or a chip).
    pub fn filtered(facet: Facet, id: &str) -> Route {
        Route::List(ListState::default().toggled(facet, id))
    }

    /// The list of one status's measures.
    pub fn with_status(status: crate::core::record::status::Status) -> Route {
        Route::filtered(Facet::Status, status.id())
    }

    /// The list of one objective's measures.
    pub fn with_objective(objective: u8) -> Route {
        Route::filtered(Facet::Objective, &objective.to_string())
    }

    /// The list of one objective's measures of one status (a segment of the
    /// dashboard's bars).
    pub fn with_objective_and_status(
        objective: u8,
        status: crate::core::record::status::Status,
    ) -> Route {
        let state = ListState::default().toggled(Facet::Objective, &objective.to_string());
        Route::List(state.toggled(Facet::Status, status.id()))
    }

    /// The deck of the whole plan, from its first slide.
    pub fn plan_deck() -> Route {
        Route::Presentation { slide: 1, selection: None, presenter: false }
    }
}

/// A facet of the list's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    Objective,
    Theme,
    Body,
    Place,
    Status,
    /// Who leads the measure, as the annotations name them.
    Pilote,
}

impl Facet {
    pub const ALL: [Facet; 6] =
        [Facet::Objective, Facet::Theme, Facet::Body, Facet::Place, Facet::Status, Facet::Pilote];

    /// The URL key, in French since the URL is part of what users share.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Objective => "objectif",
            Facet::Theme => "theme",
            Facet::Body => "acteur",
            Facet::Place => "lieu",
            Facet::Status => "statut",
            Facet::Pilote => "pilote",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Facet::Objective => "Objectif",
            Facet::Theme => "Thème",
            Facet::Body => "Acteur",
            Facet::Place => "Lieu",
            Facet::Status => "Statut",
            Facet::Pilote => "Pilote",
        }
    }

    fn from_key(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Number,
    Status,
    Due,
    Updated,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Number, Sort::Status, Sort::Due, Sort::Updated];

    pub fn key(self) -> &'static str {
        match self {
            Sort::Number => "numero",
            Sort::Status => "statut",
            Sort::Due => "echeance",
            Sort::Updated => "mise-a-jour",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Number => "Numéro",
            Sort::Status => "Statut (à surveiller d’abord)",
            Sort::Due => "Échéance (la plus proche d’abord)",
            Sort::Updated => "Dernière mise à jour",
        }
    }

    pub fn from_key(key: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The list's search, filters and order: everything a shared link carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListState {
    pub query: String,
    /// Selected value ids per facet; a facet with no entry filters nothing.
    pub selected: Selection,
    pub sort: Sort,
}

/// Ticked facet values: per facet (in facet order), its ids (sorted, each
/// once). A facet with nothing ticked has no entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection(Vec<(Facet, Vec<String>)>);

impl Selection {
    pub fn get(&self, facet: Facet) -> Option<&[String]> {
        self.0.iter().find(|(f, _)| *f == facet).map(|(_, ids)| ids.as_slice())
    }

    pub fn contains_key(&self, facet: Facet) -> bool {
        self.get(facet).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Facets with something ticked, in facet order.
    pub fn iter(&self) -> impl Iterator<Item = (Facet, &[String])> {
        self.0.iter().map(|(f, ids)| (*f, ids.as_slice()))
    }

    fn ids_mut(&mut self, facet: Facet) -> &mut Vec<String> {
        let i = match self.0.binary_search_by_key(&facet, |(f, _)| *f) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (facet, Vec::new()));
                i
            }
        };
        &mut self.0[i].1
    }

    /// Ticks `id` if it was not, unticks it if it was.
    fn toggle(&mut self, facet: Facet, id: &str) {
        let ids = self.ids_mut(facet);
        match ids.binary_search_by(|x| x.as_str().cmp(id)) {
            Ok(i) => {
                ids.remove(i);
            }
            Err(i) => ids.insert(i, id.to_owned()),
        }
        self.0.retain(|(_, ids)| !ids.is_empty());
    }

    fn tick(&mut self, facet: Facet, id: String) {
        let ids = self.ids_mut(facet);
        if let Err(i) = ids.binary_search(&id) {
            ids.insert(i, id);
        }
    }
}

impl ListState {
    pub fn is_filtered(&self) -> bool {
        !self.query.trim().is_empty() || !self.selected.is_empty()
    }

    pub fn is_selected(&self, facet: Facet, id: &str) -> bool {
        self.selected.get(facet).is_some_and(|s| s.iter().any(|x| x == id))
    }

    /// This state with one value ticked or unticked.
    pub fn toggled(&self, facet: Facet, id: &str) -> ListState {
        let mut next = self.clone();
        next.selected.toggle(facet, id);
        next
    }

    pub fn cleared(&self) -> ListState {
        ListState { sort: self.sort, ..ListState::default() }
    }
}

impl Route {
    /// Parses a location hash, with or without its leading `#`.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        // The skip link's anchor (every screen's `<main id="contenu">`).
        // Followed in the prerendered page, before the app took over, it
        // still means the list.
        if hash == "contenu" {
            return Route::List(ListState::default());
        }
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::List(parse_list(query)),
            ["mesure", n] => match n.parse::<MeasureNo>() {
                Ok(n) => Route::Measure(n),
                Err(_) => Route::NotFound(hash.to_owned()),
            },
            ["glossaire"] => Route::Glossary,
            ["tableau-de-bord"] => Route::Dashboard,
            ["releve"] => Route::Report {
                since: form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == "depuis")
                    .and_then(|(_, v)| crate::core::date::IsoDate::parse(&v)),
            },
            ["parametres"] => Route::Settings {
                back: form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == "retour")
                    .and_then(|(_, v)| v.parse().ok()),
            },
            ["echanges"] => Route::Exchange,
            ["presentation"] => Route::Presentation {
                slide: 1,
                selection: selection(query),
                presenter: presenter(query),
            },
            ["presentation", n] => match n.parse::<usize>() {
                Ok(n) if n >= 1 => Route::Presentation {
                    slide: n,
                    selection: selection(query),
                    presenter: presenter(query),
                },
                _ => Route::NotFound(hash.to_owned()),
            },
            ["dossier"] => Route::Handout(if has_pair(query, "vue", "attention") {
                Handout::Attention
            } else {
                selection(query).map_or(Handout::Plan, Handout::Selection)
            }),
            _ => Route::NotFound(hash.to_owned()),
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::List(state) => {
                let query = list_query(state);
                if query.is_empty() {
                    "#/".to_owned()
                } else {
                    format!("#/?{query}")
                }
            }
            Route::Measure(n) => format!("#/mesure/{n}"),
            Route::Glossary => "#/glossaire".to_owned(),
            Route::Dashboard => "#/tableau-de-bord".to_owned(),
            Route::Report { since: None } => "#/releve".to_owned(),
            Route::Report { since: Some(d) } => format!("#/releve?depuis={d}"),
            Route::Settings { back: None } => "#/parametres".to_owned(),
            Route::Settings { back: Some(n) } => format!("#/parametres?retour={n}"),
            Route::Exchange => "#/echanges".to_owned(),
            Route::Presentation { slide, selection, presenter } => {
                let mut query: Vec<String> = Vec::new();
                if *presenter {
                    query.push("vue=presentateur".to_owned());
                }
                if let Some(state) = selection {
                    query.push("selection=1".to_owned());
                    query.push(list_query(state));
                }
                query.retain(|q| !q.is_empty());
                if query.is_empty() {
                    format!("#/presentation/{slide}")
                } else {
                    format!("#/presentation/{slide}?{}", query.join("&"))
                }
            }
            Route::Handout(Handout::Plan) => "#/dossier".to_owned(),
            Route::Handout(Handout::Attention) => "#/dossier?vue=attention".to_owned(),
            Route::Handout(Handout::Selection(state)) => match list_query(state) {
                q if q.is_empty() => "#/dossier?selection=1".to_owned(),
                q => format!("#/dossier?selection=1&{q}"),
            },
            Route::NotFound(path) => format!("#{path}"),
        }
    }
}

fn list_query(state: &ListState) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if !state.query.is_empty() {
        out.append_pair("q", &state.query);
    }
    for (facet, ids) in state.selected.iter() {
        let joined = ids.join(",");
        out.append_pair(facet.key(), &joined);
    }
    if state.sort != Sort::Number {
        out.append_pair("tri", state.sort.key());
    }
    out.finish()
}

/// A selection deck is marked `selection=1`, so that a selection with no
/// filter (all 55 measures) is still a selection deck.
fn selection(query: &str) -> Option<ListState> {
    has_pair(query, "selection", "1").then(|| parse_list(query))
}

/// Whether the query holds `key=value`.
fn has_pair(query: &str, key: &str, value: &str) -> bool {
    form_urlencoded::parse(query.as_bytes()).any(|(k, v)| k == key && v == value)
}

fn presenter(query: &str) -> bool {
    has_pair(query, "vue", "presentateur")
}

fn parse_list(query: &str) -> ListState {
    let mut state = ListState::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key == "q" {
            state.query = value.into_owned();
        } else if key == "tri" {
            state.sort = Sort::from_key(&value).unwrap_or_default();
        } else if key == "vue" || key == "selection" {
            // Presentation parameters, not part of the list's view.
        } else if let Some(facet) = Facet::from_key(&key) {
            for id in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                state.selected.tick(facet, id.to_owned());
            }
        }
    }
    state
}
