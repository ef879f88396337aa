//! Hybrid logical clock stamps (Kulkarni et al., 2014): what orders every
//! change Vigie records, without trusting any machine's clock.
//!
//! A stamp is physical milliseconds, a counter and the id of the replica
//! (one open tab) that made it. A replica's next stamp is greater than every
//! stamp it has seen, whatever its own clock says, so an edit made after
//! reading a colleague's file wins over that file's edits even when the
//! colleague's clock ran hours ahead; and two replicas never make equal
//! stamps, since their ids differ.

use std::fmt;

/// One tab's identity: 48 random bits, written as 12 lowercase hex digits.
/// Each tab draws its own (two tabs of one browser tick concurrently, with
/// no lock, so they must never share one); migrated entries of older
/// schemas use a hash of their content instead, so that every tab migrating
/// the same data makes the same stamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Replica(u64);

impl Replica {
    const BITS: u32 = 48;
    const MASK: u64 = (1 << Self::BITS) - 1;

    /// The low 48 bits of `bits` (random bits from the browser, or a hash).
    pub fn from_bits(bits: u64) -> Replica {
        Replica(bits & Self::MASK)
    }

    /// Its 48 bits.
    pub fn bits(self) -> u64 {
        self.0
    }

    /// Exactly 12 lowercase hex digits.
    pub fn parse(s: &str) -> Option<Replica> {
        let canonical =
            s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        canonical.then(|| u64::from_str_radix(s, 16).ok().map(Replica)).flatten()
    }
}

impl fmt::Display for Replica {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012x}", self.0)
    }
}

/// When and where a change was made. Ordered by time, then counter, then
/// replica: a total order that every replica computes alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Stamp {
    /// Milliseconds since the epoch, as far as the clock knows.
    pub ms: i64,
    /// Orders stamps of the same millisecond.
    pub counter: u32,
    pub replica: Replica,
}

/// The latest instant a stamp may carry: 1 January 2200.
pub const MAX_MS: i64 = 7_258_118_400_000;
/// The highest counter a stamp may carry. A clock passes it only by two
/// billion changes in one millisecond; refusing more keeps a hostile file
/// from pinning the counter at its limit, where two ticks would be equal.
pub const MAX_COUNTER: u32 = i32::MAX as u32;

impl Stamp {
    /// `1790000000000.0.3f9a1c2b7d4e`: canonical only (no sign, no leading
    /// zero, lowercase), so that one stamp has one spelling.
    pub fn parse(s: &str) -> Option<Stamp> {
        let mut parts = s.split('.');
        let (ms, counter, replica) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let ms = canonical_number(ms)?;
        let counter =
            u32::try_from(canonical_number(counter)?).ok().filter(|&c| c <= MAX_COUNTER)?;
        let ms = i64::try_from(ms).ok().filter(|&ms| ms <= MAX_MS)?;
        Some(Stamp { ms, counter, replica: Replica::parse(replica)? })
    }
}

fn canonical_number(s: &str) -> Option<u64> {
    let canonical =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    canonical.then(|| s.parse().ok()).flatten()
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.ms, self.counter, self.replica)
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A replica's clock: the highest stamp it has made or seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    high: (i64, u32),
}

impl Clock {
    /// A stamp greater than every stamp seen so far: `now` if the clock is
    /// ahead of all of them, otherwise the highest one's instant with the
    /// next counter.
    pub fn tick(&mut self, now: i64, replica: Replica) -> Stamp {
        let now = now.clamp(0, MAX_MS);
        self.high = match self.high {
            (ms, _) if now > ms => (now, 0),
            // Past the last counter, the next millisecond: two ticks are never equal.
            (ms, counter) if counter >= MAX_COUNTER => (ms + 1, 0),
            (ms, counter) => (ms, counter + 1),
        };
        Stamp { ms: self.high.0, counter: self.high.1, replica }
    }

    /// The highest instant and counter made or seen.
    pub fn high(&self) -> (i64, u32) {
        self.high
    }

    /// Remembers a stamp made elsewhere, so that the next tick exceeds it.
    pub fn observe(&mut self, stamp: Stamp) {
        self.high = self.high.max((stamp.ms, stamp.counter));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Replica = Replica(0xabc);

    #[test]
    fn stamps_have_one_spelling() {
        let s = Stamp { ms: 1_790_000_000_000, counter: 2, replica: Replica(0x3f9a1c2b7d4e) };
        assert_eq!(s.to_string(), "1790000000000.2.3f9a1c2b7d4e");
        assert_eq!(Stamp::parse(&s.to_string()), Some(s));
        for bad in [
            "01790000000000.2.3f9a1c2b7d4e",
            "+1790000000000.2.3f9a1c2b7d4e",
            "1790000000000.02.3f9a1c2b7d4e",
            "1790000000000.2.3F9A1C2B7D4E",
            "1790000000000.2.3f9a1c2b7d4",
            "1790000000000.2",
            "1790000000000.2.3f9a1c2b7d4e.1",
            "-1.0.3f9a1c2b7d4e",
            "99999999999999.0.3f9a1c2b7d4e",
            "",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_tick_exceeds_everything_seen_even_when_the_clock_is_behind() {
        let mut clock = Clock::default();
        let a = clock.tick(1_000, R);
        clock.observe(Stamp { ms: 8_000_000, counter: 4, replica: Replica(1) });
        let b = clock.tick(2_000, R);
        assert!(b > a);
        assert_eq!((b.ms, b.counter), (8_000_000, 5));
        let c = clock.tick(9_000_000, R);
        assert_eq!((c.ms, c.counter), (9_000_000, 0));
    }

    #[test]
    fn a_counter_at_its_limit_moves_to_the_next_millisecond() {
        let mut clock = Clock::default();
        clock.observe(Stamp { ms: 5_000, counter: MAX_COUNTER, replica: Replica(1) });
        let a = clock.tick(1_000, R);
        let b = clock.tick(1_000, R);
        assert_eq!((a.ms, a.counter), (5_001, 0));
        assert!(b > a);
        assert_eq!(Stamp::parse(&format!("5000.{}.000000000abc", MAX_COUNTER + 1)), None);
        assert!(Stamp::parse(&format!("5000.{MAX_COUNTER}.000000000abc")).is_some());
    }

    #[test]
    fn the_same_millisecond_gives_increasing_counters() {
        let mut clock = Clock::default();
        let stamps: Vec<Stamp> = (0..3).map(|_| clock.tick(5, R)).collect();
        assert_eq!(stamps.iter().map(|s| s.counter).collect::<Vec<_>>(), [0, 1, 2]);
    }
}
