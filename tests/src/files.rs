//! Evidence files for tests, made on the spot.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A small PNG "receipt".
pub fn receipt_png() -> Vec<u8> {
    let img = RgbImage::from_fn(120, 80, |x, y| {
        if (x / 10 + y / 10) % 2 == 0 {
            Rgb([255, 255, 255])
        } else {
            Rgb([20, 110, 116])
        }
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("encode png");
    out
}

/// A JPEG carrying an EXIF segment with a GPS marker, as phone photos do.
pub fn photo_with_location() -> Vec<u8> {
    let mut jpeg = Vec::new();
    DynamicImage::new_rgb8(64, 48)
        .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("encode jpeg");
    let payload = b"Exif\0\0GPS-LATITUDE-30.2741-LONGITUDE-120.1551";
    let len = u16::try_from(payload.len() + 2)
        .expect("short")
        .to_be_bytes();
    let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1, len[0], len[1]];
    with.extend_from_slice(payload);
    with.extend_from_slice(&jpeg[2..]);
    with
}

/// Plain text, to be sent under a `.png` name.
pub fn text_pretending_to_be_png() -> Vec<u8> {
    b"These are my notes, not an image.\n".to_vec()
}

/// Writes `bytes` as `dir/name`, for a browser to pick from disk; its path.
pub fn on_disk(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a test file");
    path
}
