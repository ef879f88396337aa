//! The « Relevé »: who has reported since the reference briefing. Per
//! service of the team directory (and per pilote no service covers), its
//! measures, the last change to each (the change that set a value shown
//! now, with its author: a settled conflict or an import does not count),
//! whether it was updated since the reference, and which are overdue;
//! services that have not reported first. Also the words of « Relancer ».

use crate::core::date::IsoDate;
use crate::core::french::quoted;
use crate::core::plan::{MeasureNo, Plan};
use crate::core::record::document::Document;
use crate::core::record::stamp::Stamp;
use crate::core::record::team::Team;
use crate::core::view::route::{Facet, ListState, Route};

/// One measure of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub measure: MeasureNo,
    /// The last change that set a value it shows: when, by whom.
    pub last: Option<(Stamp, String)>,
    /// Changed after the reference.
    pub updated: bool,
    /// Past its due date and still open: the due date.
    pub overdue: Option<IsoDate>,
}

/// Who a group is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A service of the directory: its id, name and contact address.
    Service { id: String, name: String, email: String },
    /// A pilote no service of the directory covers, as written.
    Pilote { id: String, name: String },
}

impl Who {
    pub fn id(&self) -> &str {
        match self {
            Who::Service { id, .. } | Who::Pilote { id, .. } => id,
        }
    }

    /// The list of their measures.
    pub fn list(&self) -> ListState {
        ListState::default().toggled(Facet::Pilote, self.id())
    }

    pub fn name(&self) -> &str {
        match self {
            Who::Service { name, .. } | Who::Pilote { name, .. } => name,
        }
    }
}

/// One service's part of the « Relevé ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub who: Who,
    /// In plan order.
    pub lines: Vec<Line>,
}

impl Group {
    pub fn updated(&self) -> usize {
        self.lines.iter().filter(|l| l.updated).count()
    }

    pub fn overdue(&self) -> usize {
        self.lines.iter().filter(|l| l.overdue.is_some()).count()
    }

    /// Nothing updated since the reference.
    pub fn silent(&self) -> bool {
        self.updated() == 0
    }

    /// The latest change to any of its measures.
    pub fn last(&self) -> Option<&(Stamp, String)> {
        self.lines.iter().filter_map(|l| l.last.as_ref()).max_by_key(|(at, _)| *at)
    }
}

/// The « Relevé » against a reference taken at `since` (milliseconds), on
/// the day `today`: every service of the directory (those without
/// measures too, since they were expected), then every pilote it does not
/// cover. Sorted so that who has not reported comes first, then by the
/// share of measures updated, then by name.
pub fn report(plan: &Plan, document: &Document, since: i64, today: IsoDate) -> Vec<Group> {
    let team = document.team();
    let mut groups: Vec<Group> = team
        .services()
        .map(|s| Group {
            who: Who::Service { id: s.id.clone(), name: s.name.clone(), email: s.email.clone() },
            lines: Vec::new(),
        })
        .collect();
    for m in &plan.measures {
        let Some(a) = document.annotation(m.number).filter(|a| !a.pilote().trim().is_empty())
        else {
            continue;
        };
        let who = who_leads(team, a.pilote());
        let last = a.last_update().map(|e| (e.at, e.by.clone()));
        let line = Line {
            measure: m.number,
            updated: last.as_ref().is_some_and(|(at, _)| at.ms > since),
            last,
            overdue: a.is_overdue(today).then(|| a.due()).flatten(),
        };
        match groups.iter_mut().find(|g| g.who.id() == who.id()) {
            Some(g) => g.lines.push(line),
            None => groups.push(Group { who, lines: vec![line] }),
        }
    }
    crate::core::order::sort_by(&mut groups, |a, b| {
        let share = |g: &Group| (g.updated() * 1000).checked_div(g.lines.len()).unwrap_or(0);
        (!a.silent(), share(a), crate::core::plan::text::fold(a.who.name())).cmp(&(
            !b.silent(),
            share(b),
            crate::core::plan::text::fold(b.who.name()),
        ))
    });
    groups
}

fn who_leads(team: &Team, pilote: &str) -> Who {
    match team.service_of(pilote) {
        Some(s) => Who::Service { id: s.id.clone(), name: s.name.clone(), email: s.email.clone() },
        None => Who::Pilote {
            id: crate::core::record::team::pilote_id(pilote),
            name: pilote.trim().to_owned(),
        },
    }
}

/// « Relancer »: the `mailto:` address that opens the user's mail client
/// with a subject and a body listing the group's measures (number, short
/// title, what is overdue or not updated), and the link to their list.
/// `page` is the page's own address without its `#…`; `since` the
/// reference's date as shown (`01/10/2026`).
pub fn reminder(plan: &Plan, group: &Group, page: &str, since: &str) -> String {
    let to = match &group.who {
        Who::Service { email, .. } => email.as_str(),
        Who::Pilote { .. } => "",
    };
    let subject = format!("Plan stupéfiants\u{a0}: point sur vos mesures depuis le {since}");
    let mut body = format!(
        "Bonjour,\n\nPour le prochain point sur le plan national de lutte contre les \
         stupéfiants, pourriez-vous mettre à jour {} (pilote\u{a0}: {})\u{a0}?\n\n",
        match group.lines.len() {
            1 => "votre mesure".to_owned(),
            n => format!("vos {} mesures", crate::core::french::integer(n)),
        },
        group.who.name(),
    );
    for line in &group.lines {
        let Some(m) = plan.measure(line.measure) else { continue };
        let mut state = Vec::new();
        if let Some(due) = line.overdue {
            state.push(format!("en retard, échéance du {}", due.french()));
        }
        if !line.updated {
            state.push(format!("pas de mise à jour depuis le {since}"));
        }
        let state =
            if state.is_empty() { String::new() } else { format!(" ({})", state.join(", ")) };
        body.push_str(&format!("- Mesure {}\u{a0}: {}{state}\n", m.number, m.short_title));
    }
    let list = format!("{page}{}", Route::List(group.who.list()).to_hash());
    body.push_str(&format!(
        "\nVos mesures dans Vigie\u{a0}: {list}\n\nVous pouvez répondre avec votre export \
         Vigie ou le tableau CSV joint, complété.\n\nMerci,\n"
    ));
    format!("mailto:{}?subject={}&body={}", encode(to), encode(&subject), encode(&body))
}

/// Percent-encodes everything but unreserved characters (RFC 3986), as
/// `mailto:` needs for its fields.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            // The address keeps its @ readable.
            b'@' => out.push('@'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// « 3 services n’ont rien mis à jour depuis le 01/10/2026 »
pub fn summary(groups: &[Group], since: &str) -> String {
    let silent = groups.iter().filter(|g| g.silent() && !g.lines.is_empty()).count();
    match silent {
        0 => format!("Tous les pilotes ont mis à jour au moins une mesure depuis le {since}."),
        1 => format!("1 pilote n’a mis à jour aucune de ses mesures depuis le {since}."),
        n => format!(
            "{} pilotes n’ont mis à jour aucune de leurs mesures depuis le {since}.",
            crate::core::french::integer(n)
        ),
    }
}

/// The reference a « Relevé » is read against, in words: « la référence
/// « point-octobre.json » du 01/10/2026 ».
pub fn since_words(file: Option<&str>, date: &str) -> String {
    match file {
        Some(f) => format!("depuis la référence {} du {date}", quoted(f)),
        None => format!("depuis le {date}"),
    }
}
