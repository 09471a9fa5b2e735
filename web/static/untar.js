// Writes the files of a tar archive (POSIX ustar, as micsentry_site.package writes it: folders
// before what they hold) into an Emscripten file system, relative to its current folder. The
// Python package reaches the interpreter this way, as one download, before any Python runs.

const BLOCK = 512;
const decoder = new TextDecoder();

const field = (bytes, start, length) => {
  const raw = bytes.subarray(start, start + length);
  const end = raw.indexOf(0);
  return decoder.decode(end === -1 ? raw : raw.subarray(0, end));
};

/**
 * Unpack *buffer* (an ArrayBuffer) into *fs* (a runtime's FS); returns how many files it wrote.
 * Throws an Error naming the archive's problem when it is not a tar it can read.
 */
export function untar(buffer, fs) {
  const bytes = new Uint8Array(buffer);
  let offset = 0;
  let written = 0;
  while (offset + BLOCK <= bytes.length && bytes[offset] !== 0) {
    const name = field(bytes, offset + 345, 155) ? `${field(bytes, offset + 345, 155)}/${field(bytes, offset, 100)}` : field(bytes, offset, 100);
    const size = parseInt(field(bytes, offset + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(bytes[offset + 156] || 48);
    if (!name || Number.isNaN(size) || name.startsWith("/") || name.split("/").includes("..")) {
      throw new Error(`the package archive is damaged at byte ${offset}`);
    }
    offset += BLOCK;
    if (type === "5") {
      try {
        fs.mkdir(name);
      } catch (error) {
        if (!fs.analyzePath(name).exists) throw error; // else it was there already
      }
    } else if (type === "0") {
      if (offset + size > bytes.length) throw new Error(`the package archive ends inside ${name}`);
      fs.writeFile(name, bytes.subarray(offset, offset + size));
      written += 1;
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return written;
}
