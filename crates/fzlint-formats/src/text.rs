//! Bytes → text with a map back to the bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with a
//! BOM, and GB18030 (which covers GBK and GB2312), or an encoding the user names.

use crate::ReadError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use fzlint_core::{SourceMap, SourceMapBuilder};

/// Looks up an encoding by a name users write: utf-8, gb18030, gbk, gb2312, utf-16le, utf-16be.
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`; `forced` skips detection. Returns the text and a map from text offsets to
/// byte offsets in `bytes`.
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, SourceMap, &'static Encoding), ReadError> {
    let (encoding, bom) = match (forced, Encoding::for_bom(bytes)) {
        (Some(e), Some((b, len))) if e == b => (e, len),
        (Some(e), _) => (e, 0),
        (None, Some((e, len))) => (e, len),
        (None, None) => {
            if bytes[..bytes.len().min(8192)].contains(&0) {
                return Err(ReadError::Binary);
            }
            match std::str::from_utf8(bytes) {
                Ok(_) => (UTF_8, 0),
                Err(e) => {
                    let utf8_error = e.valid_up_to();
                    // Mostly UTF-8 with a few bad bytes is a damaged UTF-8 file (a character cut
                    // in two), not GB18030: decoding it as GB18030 would turn it into nonsense.
                    if mostly_utf8(bytes) {
                        return Err(ReadError::InvalidUtf8 { at: utf8_error });
                    }
                    // Not UTF-8: GB18030 is what Chinese offices write when it is not.
                    if GB18030
                        .decode_without_bom_handling_and_without_replacement(bytes)
                        .is_some()
                    {
                        (GB18030, 0)
                    } else {
                        return Err(ReadError::Undecodable {
                            utf8_error_at: utf8_error,
                        });
                    }
                }
            }
        }
    };
    let body = &bytes[bom..];
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or(ReadError::BadEncoding {
            encoding: encoding.name(),
        })?
        .into_owned();
    let map = map_for(&text, encoding, bom);
    Ok((text, map, encoding))
}

/// True if the non-ASCII text decodes as UTF-8 at least four times as often as it fails. GB18030
/// text almost never forms valid UTF-8 sequences, so this tells damaged UTF-8 from it.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                return good >= 4 * bad.max(1);
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += std::str::from_utf8(valid)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                rest = &after[e.error_len().unwrap_or(after.len()).max(1).min(after.len())..];
            }
        }
    }
}

/// How many bytes each character took in the file.
fn map_for(text: &str, encoding: &'static Encoding, bom: usize) -> SourceMap {
    let mut b = SourceMapBuilder::new();
    b.skip_target(bom);
    if encoding == UTF_8 {
        b.push(text.len(), 1, 1);
        return b.finish();
    }
    let mut encoder = encoding.new_encoder();
    let mut buf = [0u8; 16];
    for c in text.chars() {
        let len = if encoding == UTF_16LE || encoding == UTF_16BE {
            c.len_utf16() * 2
        } else if c.is_ascii() {
            1
        } else {
            let mut s = [0u8; 4];
            let (_, _, written) = encoder.encode_from_utf8_without_replacement(
                c.encode_utf8(&mut s),
                &mut buf,
                false,
            );
            written.max(1)
        };
        b.push(1, c.len_utf8(), len);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_maps_back_to_file_bytes() {
        let text = "第1条 布署€";
        let (bytes, _, _) = GB18030.encode(text);
        let (decoded, map, enc) = decode(&bytes, None).unwrap();
        assert_eq!(decoded, text);
        assert_eq!(enc, GB18030);
        // 第 = 2 bytes, 1 = 1, 条 = 2, space = 1 → 布 at byte 6
        let at = decoded.find("布").unwrap();
        assert_eq!(map.map(at), 6);
        assert_eq!(&bytes[6..8], &GB18030.encode("布").0[..]);
        assert_eq!(map.map(decoded.len()), bytes.len());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "法治a".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (decoded, map, enc) = decode(&bytes, None).unwrap();
        assert_eq!((decoded.as_str(), enc), ("法治a", UTF_16LE));
        assert_eq!(map.map(decoded.find('治').unwrap()), 4);
        assert_eq!(map.map(decoded.find('a').unwrap()), 6);
    }

    #[test]
    fn utf8_bom_binary_and_garbage() {
        let (t, map, _) = decode(b"\xEF\xBB\xBFabc", None).unwrap();
        assert_eq!((t.as_str(), map.map(1)), ("abc", 4));
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00", None),
            Err(ReadError::Binary)
        ));
        // 0xFF is neither UTF-8 nor a GB18030 lead byte
        assert!(matches!(
            decode(b"ab\xFF\xFFcd", None),
            Err(ReadError::Undecodable { utf8_error_at: 2 })
        ));
    }

    #[test]
    fn forced_encoding_must_fit() {
        let gbk = GB18030.encode("法治").0.into_owned();
        assert!(decode(&gbk, Some(UTF_8)).is_err());
        assert_eq!(decode(&gbk, encoding_for("gbk")).unwrap().0, "法治");
    }
}
