"""The ACS Calling SDK as one ES module for the browser, bundled with esbuild (cached by lock file)."""

import hashlib
import shutil
import subprocess

from micsentry_site.config import ACS_ENTRY, CACHE, NODE_MODULES, SDKS, WEB, BuildError, runtime_dir


def bundle_acs(site):
    """runtime/acs-<version>/communication-calling.js: the SDK's dist-esm has bare imports, so it is bundled."""
    esbuild = NODE_MODULES / ".bin" / "esbuild"
    if not esbuild.exists():
        raise BuildError(f"{esbuild} is missing: run `npm ci --prefix web` (or `make install`) first.")
    lock = (WEB / "package-lock.json").read_bytes() + ACS_ENTRY.read_bytes()
    cached = CACHE / ("acs-%s.js" % hashlib.sha256(lock).hexdigest()[:16])
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        command = [str(esbuild), str(ACS_ENTRY), "--bundle", "--format=esm", "--platform=browser", "--minify",
                   "--log-level=error", "--outfile=" + str(cached)]
        done = subprocess.run(command, cwd=str(WEB), capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError("esbuild could not bundle the ACS SDK:\n" + done.stderr)
    dest = site / runtime_dir("acs")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cached, dest / SDKS["acs"][1])
