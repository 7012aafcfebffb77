//! Maps byte offsets in a document's text back to offsets in what it was made from: the file's
//! bytes (through a BOM, GB18030 or UTF-16 decoding) or an HTML page's source (through tags and
//! entities). The map is a list of runs; inside a run every unit of text stands for a unit of
//! the target of fixed sizes (a Chinese character: 3 bytes of UTF-8, 2 bytes of GB18030).

/// A run of `count` units starting at `text` in the text and `target` in the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    text: usize,
    target: usize,
    text_unit: usize,
    target_unit: usize,
    count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMap {
    runs: Vec<Run>,
    text_len: usize,
    target_len: usize,
}

impl SourceMap {
    /// Text offset `o` is target offset `o + shift` (UTF-8 with a BOM of `shift` bytes).
    pub fn shifted(shift: usize, len: usize) -> SourceMap {
        let mut b = SourceMapBuilder::new();
        b.skip_target(shift);
        b.push(len, 1, 1);
        b.finish()
    }

    /// The target offset of text offset `offset` (offsets past the end map to the end).
    pub fn map(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|r| r.text <= offset);
        let Some(r) = i.checked_sub(1).map(|i| self.runs[i]) else {
            // an empty text (a file that is only a BOM): its end is the file's end
            return if offset >= self.text_len {
                self.target_len
            } else {
                0
            };
        };
        let k = ((offset - r.text) / r.text_unit.max(1)).min(r.count);
        let mapped = r.target + k * r.target_unit;
        if offset >= self.text_len {
            return self.target_len.max(mapped);
        }
        mapped
    }

    /// The target offset just after the text ending at `offset`: for the end of a span, which
    /// belongs to the character before it, not to whatever the target has next (a closing tag).
    pub fn map_end(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|r| r.text < offset);
        let Some(r) = i.checked_sub(1).map(|i| self.runs[i]) else {
            return self.map(offset);
        };
        let k = (offset - r.text).div_ceil(r.text_unit.max(1)).min(r.count);
        r.target + k * r.target_unit
    }
}

/// Builds a map in text order.
#[derive(Debug, Default)]
pub struct SourceMapBuilder {
    runs: Vec<Run>,
    text: usize,
    target: usize,
}

impl SourceMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// `count` units of `text_unit` text bytes, each standing for `target_unit` target bytes.
    pub fn push(&mut self, count: usize, text_unit: usize, target_unit: usize) {
        if count == 0 {
            return;
        }
        match self.runs.last_mut() {
            Some(r)
                if r.text_unit == text_unit
                    && r.target_unit == target_unit
                    && r.text + r.count * r.text_unit == self.text
                    && r.target + r.count * r.target_unit == self.target =>
            {
                r.count += count;
            }
            _ => self.runs.push(Run {
                text: self.text,
                target: self.target,
                text_unit,
                target_unit,
                count,
            }),
        }
        self.text += count * text_unit;
        self.target += count * target_unit;
    }

    /// Target bytes with no text (a BOM, a tag, a dropped script).
    pub fn skip_target(&mut self, n: usize) {
        self.target += n;
    }

    /// Text bytes with no target of their own (a line break put in for a block element);
    /// they map to the current target position.
    pub fn insert_text(&mut self, n: usize) {
        if n > 0 {
            self.runs.push(Run {
                text: self.text,
                target: self.target,
                text_unit: n,
                target_unit: 0,
                count: 1,
            });
            self.text += n;
        }
    }

    pub fn text_len(&self) -> usize {
        self.text
    }

    pub fn finish(self) -> SourceMap {
        SourceMap {
            text_len: self.text,
            target_len: self.target,
            runs: self.runs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shifted_by_a_bom() {
        let m = SourceMap::shifted(3, 10);
        assert_eq!(m.map(0), 3);
        assert_eq!(m.map(9), 12);
        assert_eq!(m.map(10), 13);
    }

    #[test]
    fn runs_of_different_widths() {
        // "ab" (1:1) then "法治" (3 bytes of UTF-8 : 2 bytes of GB18030) then "c"
        let mut b = SourceMapBuilder::new();
        b.push(2, 1, 1);
        b.push(2, 3, 2);
        b.push(1, 1, 1);
        let m = b.finish();
        assert_eq!(m.map(2), 2); // 法
        assert_eq!(m.map(5), 4); // 治
        assert_eq!(m.map(8), 6); // c
        assert_eq!(m.map(9), 7); // end
    }

    #[test]
    fn inserted_text_maps_to_where_it_was_put() {
        let mut b = SourceMapBuilder::new();
        b.skip_target(3); // <p>
        b.push(2, 1, 1); // ab
        b.skip_target(4); // </p>
        b.insert_text(1); // \n
        b.skip_target(3); // <p>
        b.push(1, 1, 1); // c
        let m = b.finish();
        assert_eq!(m.map(0), 3);
        assert_eq!(m.map(2), 9);
        assert_eq!(m.map(3), 12);
        // the end of "ab" is before </p>, not after it
        assert_eq!(m.map_end(2), 5);
        assert_eq!(m.map_end(4), 13);
    }

    /// One step of building a map.
    #[derive(Debug, Clone)]
    enum Op {
        Push(usize, usize, usize),
        Skip(usize),
        Insert(usize),
    }

    /// The map as a table: for every text offset, where `map` and `map_end` must put it,
    /// worked out byte by byte from the operations, with no runs to merge or search.
    fn table(ops: &[Op]) -> (Vec<usize>, Vec<usize>, usize) {
        // for each text byte: the target of its unit's start and of its unit's end
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut target = 0;
        for op in ops {
            match *op {
                Op::Push(count, tu, gu) => {
                    for _ in 0..count {
                        for _ in 0..tu {
                            starts.push(target);
                            ends.push(target + gu);
                        }
                        target += gu;
                    }
                }
                Op::Skip(n) => target += n,
                Op::Insert(n) => {
                    for _ in 0..n {
                        starts.push(target);
                        ends.push(target);
                    }
                }
            }
        }
        (starts, ends, target)
    }

    proptest! {
        /// The runs give what the table gives at every offset: merged or not, searched by
        /// halves or not.
        #[test]
        fn a_map_agrees_with_its_table(ops in proptest::collection::vec(
            prop_oneof![
                (0usize..4, 1usize..5, 0usize..5).prop_map(|(c, t, g)| Op::Push(c, t, g)),
                (0usize..4).prop_map(Op::Skip),
                (0usize..3).prop_map(Op::Insert),
            ],
            0..12,
        )) {
            let mut b = SourceMapBuilder::new();
            for op in &ops {
                match *op {
                    Op::Push(c, t, g) => b.push(c, t, g),
                    Op::Skip(n) => b.skip_target(n),
                    Op::Insert(n) => b.insert_text(n),
                }
            }
            let (starts, ends, target_len) = table(&ops);
            prop_assert_eq!(b.text_len(), starts.len());
            let m = b.finish();
            for (o, &want) in starts.iter().enumerate() {
                // the start of a unit maps to the unit's target start
                let unit_start = o == 0 || starts[o - 1] != want || ends[o - 1] != ends[o];
                if unit_start {
                    prop_assert_eq!(m.map(o), want, "map({}) in {:?}", o, ops);
                }
            }
            for o in 1..=starts.len() {
                // a span ending at o ends after the unit that holds byte o − 1
                let unit_end = o == starts.len() || starts[o] != starts[o - 1] || ends[o] != ends[o - 1];
                if unit_end {
                    prop_assert_eq!(m.map_end(o), ends[o - 1], "map_end({}) in {:?}", o, ops);
                }
            }
            prop_assert_eq!(m.map(starts.len()), target_len.max(starts.last().copied().unwrap_or(0)));
        }
    }
}
