//! fzlint-formats: turns the files reports come in — .txt in any of the encodings Chinese
//! offices use, Markdown, HTML pages and Word .docx — into a [`Document`] with a source map,
//! so that every finding points at the right place in what the user has open.
//!
//! Reading never panics on bad input: a broken file is a [`ReadError`] for that file.

mod docx;
mod html;
mod markdown;
mod odt;
mod ofd;
mod pdf;
mod radicals;
mod suppress;
mod text;

pub use encoding_rs::Encoding;
pub use text::encoding_for;

use fzlint_core::{Document, Parts, SourceMap, Syntax};
use std::fmt;

/// The formats fzlint reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Odt,
    Pdf,
    Ofd,
}

/// Extensions read when a folder is walked.
pub const EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "docx", "odt", "pdf", "ofd",
];

impl Format {
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "shtml" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            "odt" => Format::Odt,
            "pdf" => Format::Pdf,
            "ofd" => Format::Ofd,
            _ => return None,
        })
    }
}

/// Text extracted from a .docx or an HTML page, at most (bytes), unless set in [`Options`].
pub const DEFAULT_MAX_TEXT: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    /// Read text files in this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// The most text a .docx or HTML page may yield: a small archive can hold gigabytes.
    pub max_text_bytes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            encoding: None,
            max_text_bytes: DEFAULT_MAX_TEXT,
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Unsupported {
        extension: String,
    },
    Binary,
    /// UTF-8 with a few invalid bytes: damaged or cut off.
    InvalidUtf8 {
        at: usize,
    },
    /// Neither UTF-8 nor GB18030.
    Undecodable {
        utf8_error_at: usize,
    },
    /// Not valid in the encoding the user named.
    BadEncoding {
        encoding: &'static str,
    },
    /// A .docx that is not a zip archive (encrypted, a renamed .doc, truncated).
    NotZip {
        detail: String,
    },
    /// Limits that keep a hostile archive from exhausting memory.
    TooLarge {
        what: String,
    },
    BrokenDocx {
        detail: String,
    },
    BrokenPdf {
        detail: String,
    },
    /// A PDF whose pages hold no text: a scan.
    NoTextLayer {
        pages: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Unsupported { extension } => write!(
                f,
                "不支持的文件格式 {extension}（支持 .txt .md .html .docx .odt .pdf .ofd） / unsupported file type"
            ),
            ReadError::Binary => write!(f, "看起来是二进制文件，不是文本 / binary file"),
            ReadError::InvalidUtf8 { at } => write!(
                f,
                "UTF-8 文本第 {at} 字节起有无效字节（文件可能损坏或被截断）/ invalid UTF-8 at byte {at}"
            ),
            ReadError::Undecodable { utf8_error_at } => write!(
                f,
                "既不是 UTF-8 也不是 GB18030 文本（第 {utf8_error_at} 字节起不是 UTF-8）；可用 --encoding 指定编码 / not UTF-8 or GB18030"
            ),
            ReadError::BadEncoding { encoding } => {
                write!(f, "按 {encoding} 无法解码 / not valid {encoding}")
            }
            ReadError::NotZip { detail } => write!(
                f,
                "不是有效的 .docx、.odt 或 .ofd（可能已加密、是改了扩展名的 .doc 或文件不完整）：{detail}"
            ),
            ReadError::TooLarge { what } => write!(f, "{what} / over the limit"),
            ReadError::BrokenDocx { detail } => write!(f, "无法读取文档内容：{detail}"),
            ReadError::BrokenPdf { detail } => write!(f, "无法读取 PDF：{detail} / broken PDF"),
            ReadError::NoTextLayer { pages } => write!(
                f,
                "扫描件，无文字层（{pages} 页都没有可提取的文字），无法检查；请用原始的 Word 文件 / scanned PDF without text"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a file's bytes as `format`. `path` is the path shown to the user.
pub fn read(
    path: &str,
    bytes: &[u8],
    format: Format,
    options: &Options,
) -> Result<Document, ReadError> {
    match format {
        Format::Text => {
            let (text, to_file, _) = text::decode(bytes, options.encoding)?;
            Ok(Document::from_parts(Parts {
                path: path.to_string(),
                syntax: Syntax::PlainText,
                text,
                to_file,
                source: None,
                outline: Vec::new(),
                suppressions: Vec::new(),
            }))
        }
        Format::Markdown => {
            let (text, to_file, _) = text::decode(bytes, options.encoding)?;
            Ok(markdown::read(path, text, to_file))
        }
        Format::Html => {
            let (text, to_file, _) = text::decode(bytes, options.encoding)?;
            let document = html::read(path, text, to_file);
            if document.text().len() > options.max_text_bytes {
                return Err(ReadError::TooLarge {
                    what: format!(
                        "从网页提取的文字超过 {} MB(可用 --max-file-size 调整)",
                        options.max_text_bytes / (1024 * 1024)
                    ),
                });
            }
            Ok(document)
        }
        Format::Docx => docx::read(path, bytes, options.max_text_bytes),
        Format::Odt => odt::read(path, bytes, options.max_text_bytes),
        Format::Pdf => pdf::read(path, bytes, options.max_text_bytes),
        Format::Ofd => ofd::read(path, bytes, options.max_text_bytes),
    }
}

/// The encoding a text file (.txt, .md, .html) is read in, for writing it back.
pub fn text_encoding(bytes: &[u8], options: &Options) -> Result<&'static Encoding, ReadError> {
    text::decode(bytes, options.encoding).map(|(_, _, e)| e)
}

/// Encodes `text` for a file in `encoding`, or `None` when the encoding cannot hold every
/// character (encoding_rs would write `&#NNNN;` for those: a fix must not).
pub fn encode_exact(text: &str, encoding: &'static Encoding) -> Option<Vec<u8>> {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(encode(text, encoding));
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// Encodes `text` for a file in `encoding` (UTF-16 included, which encoding_rs only decodes).
pub fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    if encoding == encoding_rs::UTF_16LE {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    } else if encoding == encoding_rs::UTF_16BE {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    } else {
        encoding.encode(text).0.into_owned()
    }
}

/// A map where text offsets are target offsets.
fn identity(len: usize) -> SourceMap {
    SourceMap::shifted(0, len)
}

/// Builders of test inputs (a .docx from paragraphs), for this crate's tests and the
/// integration tests. Not part of the API.
#[doc(hidden)]
pub mod testing {
    use std::io::Write;

    /// A zip archive of the given entries, deflated as Word writes them.
    pub fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            w.start_file(*name, opts).expect("zip entry");
            w.write_all(bytes).expect("zip write");
        }
        w.finish().expect("zip finish").into_inner()
    }

    /// One `w:p`, with a paragraph style if given.
    pub fn paragraph(style: Option<&str>, text: &str) -> String {
        let ppr = style.map_or(String::new(), |s| {
            format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
        });
        let text = text.replace('&', "&amp;").replace('<', "&lt;");
        format!("<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    /// A minimal .odt whose office:text holds `body` (text:p, text:h … elements), with
    /// `styles` as styles.xml if given.
    pub fn odt(body: &str, styles: Option<&str>) -> Vec<u8> {
        const NS: &str = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
            xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
            xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
            xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"";
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {NS}>\
             <office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        let mut entries = vec![
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.text".to_vec(),
            ),
            ("content.xml", content.into_bytes()),
        ];
        if let Some(styles) = styles {
            entries.push((
                "styles.xml",
                styles.replacen('>', &format!(" {NS}>"), 1).into_bytes(),
            ));
        }
        zip(&entries)
    }

    /// An .ofd whose pages hold the given page contents (ofd:TextObject … elements).
    pub fn ofd(pages: &[&str]) -> Vec<u8> {
        const NS: &str = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
        let mut entries: Vec<(String, Vec<u8>)> = vec![
            (
                "OFD.xml".into(),
                format!("<ofd:OFD {NS} Version=\"1.0\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>").into_bytes(),
            ),
        ];
        let list: String = (0..pages.len())
            .map(|i| {
                format!(
                    "<ofd:Page ID=\"{}\" BaseLoc=\"Pages/Page_{i}/Content.xml\"/>",
                    i + 1
                )
            })
            .collect();
        entries.push((
            "Doc_0/Document.xml".into(),
            format!("<ofd:Document {NS}><ofd:Pages>{list}</ofd:Pages></ofd:Document>").into_bytes(),
        ));
        for (i, page) in pages.iter().enumerate() {
            entries.push((
                format!("Doc_0/Pages/Page_{i}/Content.xml"),
                format!("<ofd:Page {NS}><ofd:Content><ofd:Layer ID=\"1\">{page}</ofd:Layer></ofd:Content></ofd:Page>").into_bytes(),
            ));
        }
        let refs: Vec<(&str, Vec<u8>)> = entries
            .iter()
            .map(|(n, b)| (n.as_str(), b.clone()))
            .collect();
        zip(&refs)
    }

    /// An .odt of the given lines as paragraphs (escaped).
    pub fn odt_paragraphs(lines: &[&str]) -> Vec<u8> {
        let body: String = lines
            .iter()
            .map(|l| {
                format!(
                    "<text:p>{}</text:p>",
                    l.replace('&', "&amp;").replace('<', "&lt;")
                )
            })
            .collect();
        odt(&body, None)
    }

    /// A minimal .docx whose body is `body` (w:p elements), with Title and Heading1 styles.
    pub fn docx(body: &str) -> Vec<u8> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
             xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}</w:body></w:document>"
        );
        let styles = "<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
            <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
            <w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"标题 2\"/></w:style>\
            </w:styles>";
        zip(&[
            ("[Content_Types].xml", b"<Types/>".to_vec()),
            ("word/document.xml", document.into_bytes()),
            ("word/styles.xml", styles.as_bytes().to_vec()),
        ])
    }
}
