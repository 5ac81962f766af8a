//! Turning uploaded bytes into stored evidence: type from content, metadata
//! stripped from images by re-encoding them, a thumbnail for the thread.

use std::io::Cursor;

use app::ssr::store::Evidence;
use domain::appeal::{EvidenceError, EvidenceType, MAX_IMAGE_PIXELS};
use image::{ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Longest edge of a thumbnail, in pixels.
const THUMBNAIL_EDGE: u32 = 320;

/// One file as the customer sent it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Evidence ready to store: the row, and the bytes for the blob store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub evidence: Evidence,
    pub stored: Vec<u8>,
    pub thumbnail: Option<Vec<u8>>,
}

/// The type the content says it is, whatever the name claims.
pub fn sniff(bytes: &[u8]) -> Option<EvidenceType> {
    infer::get(bytes).and_then(|kind| EvidenceType::from_mime(kind.mime_type()))
}

/// SHA-256 of the bytes as sent: what identifies a PDF (an image is judged by
/// its pixels, see `pixels_fingerprint`).
pub fn fingerprint(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file name safe to show and to offer as a download name.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "evidence".to_owned()
    } else {
        cleaned.trim().to_owned()
    }
}

/// Prepares one upload (CPU-heavy for images: call it off the async workers).
pub fn prepare(appeal: Uuid, upload: &Upload) -> Result<Prepared, EvidenceError> {
    let name = clean_name(&upload.name);
    let kind =
        sniff(&upload.bytes).ok_or_else(|| EvidenceError::WrongType { name: name.clone() })?;
    let key = Uuid::now_v7().to_string();
    let (stored, thumbnail, content) = if kind.is_image() {
        let (clean, thumb, content) = reencode(&upload.bytes, kind, &name)?;
        (clean, Some(thumb), content)
    } else {
        (upload.bytes.clone(), None, fingerprint(&upload.bytes))
    };
    Ok(Prepared {
        evidence: Evidence {
            id: Uuid::now_v7(),
            appeal_id: appeal,
            sha256: content,
            media_type: kind,
            size_bytes: u64::try_from(stored.len()).unwrap_or(u64::MAX),
            original_name: name,
            thumbnail_key: thumbnail.as_ref().map(|_| format!("{key}-thumb")),
            storage_key: key,
        },
        stored,
        thumbnail,
    })
}

/// Decodes and re-encodes an image, which drops EXIF (and its GPS location)
/// and anything else riding along. Refused if it does not decode as what it
/// claims, or if its header claims more pixels than a photo has (a small file
/// can claim enormous dimensions: a decompression bomb).
fn reencode(
    bytes: &[u8],
    kind: EvidenceType,
    name: &str,
) -> Result<(Vec<u8>, Vec<u8>, String), EvidenceError> {
    let wrong_type = || EvidenceError::WrongType {
        name: name.to_owned(),
    };
    let format = match kind {
        EvidenceType::Png => ImageFormat::Png,
        EvidenceType::Jpeg => ImageFormat::Jpeg,
        EvidenceType::Pdf => return Err(wrong_type()),
    };
    let reader = || ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader().into_dimensions().map_err(|_| wrong_type())?;
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(EvidenceError::TooManyPixels {
            name: name.to_owned(),
        });
    }
    let mut reader = reader();
    let mut limits = Limits::default();
    // Four bytes a pixel at most (RGBA), and the decoder's own buffers.
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| wrong_type())?;
    let image = if format == ImageFormat::Jpeg {
        // `into_rgb8` keeps the buffer when it already is RGB (every JPEG but
        // greyscale or CMYK ones); `to_rgb8` would copy it whole.
        image::DynamicImage::ImageRgb8(image.into_rgb8())
    } else {
        image
    };
    let content = pixels_fingerprint(&image);
    let mut clean = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut clean), format)
        .map_err(|_| wrong_type())?;
    let mut thumb = Vec::new();
    image
        .thumbnail(THUMBNAIL_EDGE, THUMBNAIL_EDGE)
        .write_to(&mut Cursor::new(&mut thumb), format)
        .map_err(|_| wrong_type())?;
    Ok((clean, thumb, content))
}

/// SHA-256 of what an image shows (its size, colour type and decoded pixels),
/// not of its bytes: a re-appeal's "new evidence" must be a new picture, not
/// the same one with a byte appended or its metadata changed.
fn pixels_fingerprint(image: &image::DynamicImage) -> String {
    let mut hash = Sha256::new();
    hash.update(image.width().to_be_bytes());
    hash.update(image.height().to_be_bytes());
    hash.update(format!("{:?}", image.color()).as_bytes());
    hash.update(image.as_bytes());
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        let mut out = Vec::new();
        image::DynamicImage::new_rgb8(40, 30)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    /// A JPEG with an APP1 Exif segment carrying a fake GPS marker.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut jpeg = Vec::new();
        image::DynamicImage::new_rgb8(16, 16)
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        let payload = b"Exif\0\0GPS-LATITUDE-30.2741";
        let len = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
        let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1, len[0], len[1]];
        with.extend_from_slice(payload);
        with.extend_from_slice(&jpeg[2..]);
        with
    }

    #[test]
    fn the_type_comes_from_the_content_not_the_name() {
        assert_eq!(sniff(&png()), Some(EvidenceType::Png));
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(EvidenceType::Pdf));
        assert_eq!(sniff(b"just some text pretending to be a png"), None);
        let disguised = Upload {
            name: "receipt.png".into(),
            bytes: b"hello, I am text".to_vec(),
        };
        assert!(matches!(
            prepare(Uuid::nil(), &disguised),
            Err(EvidenceError::WrongType { .. })
        ));
    }

    #[test]
    fn images_lose_their_exif_and_get_a_thumbnail() {
        let original = jpeg_with_exif();
        assert!(original.windows(4).any(|w| w == b"Exif"));
        let prepared = prepare(
            Uuid::nil(),
            &Upload {
                name: "photo.jpg".into(),
                bytes: original.clone(),
            },
        )
        .unwrap();
        assert_eq!(prepared.evidence.media_type, EvidenceType::Jpeg);
        assert!(
            !prepared.stored.windows(4).any(|w| w == b"Exif"),
            "EXIF stripped"
        );
        assert!(!prepared.stored.windows(3).any(|w| w == b"GPS"));
        assert!(prepared.thumbnail.is_some());
        assert_ne!(
            prepared.evidence.sha256,
            fingerprint(&original),
            "an image is known by its pixels, not its bytes"
        );
    }

    #[test]
    fn the_same_picture_with_other_bytes_is_the_same_evidence() {
        let prepared = |bytes: Vec<u8>| {
            prepare(
                Uuid::nil(),
                &Upload {
                    name: "receipt.png".into(),
                    bytes,
                },
            )
            .unwrap()
            .evidence
            .sha256
        };
        let mut padded = png();
        padded.push(0);
        assert_eq!(
            prepared(png()),
            prepared(padded),
            "a trailing byte changes nothing"
        );
        let mut other = Vec::new();
        image::DynamicImage::new_rgb8(41, 30)
            .write_to(&mut Cursor::new(&mut other), ImageFormat::Png)
            .unwrap();
        assert_ne!(prepared(png()), prepared(other), "another picture is new");
    }

    #[test]
    fn a_photo_claiming_more_pixels_than_a_camera_takes_is_refused_before_decoding() {
        let mut jpeg = Vec::new();
        image::DynamicImage::new_rgb8(16, 16)
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        // The frame header (SOF0): length, precision, then height and width.
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        jpeg[sof + 5..sof + 7].copy_from_slice(&6_000u16.to_be_bytes());
        jpeg[sof + 7..sof + 9].copy_from_slice(&10_000u16.to_be_bytes());
        let upload = Upload {
            name: "bomb.jpg".into(),
            bytes: jpeg,
        };
        assert_eq!(
            prepare(Uuid::now_v7(), &upload).unwrap_err(),
            EvidenceError::TooManyPixels {
                name: "bomb.jpg".into()
            }
        );
    }

    #[test]
    fn a_corrupt_image_is_refused() {
        let mut broken = png();
        broken.truncate(20);
        assert!(prepare(
            Uuid::nil(),
            &Upload {
                name: "x.png".into(),
                bytes: broken
            }
        )
        .is_err());
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\me\\收据.png"), "收据.png");
        assert_eq!(clean_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_name("   "), "evidence");
    }
}
