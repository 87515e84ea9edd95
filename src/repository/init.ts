/**
 * Creating the `openspec/` skeleton exactly as `openspec init --tools none` does.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { ARCHIVE, OPENSPEC, SPECS } from "./layout.ts";
import { initConfigYaml } from "./templates.ts";

/**
 * Creates `openspec/config.yaml`, `openspec/specs/.gitkeep` and
 * `openspec/changes/archive/.gitkeep` where they are missing; existing files are left alone.
 * Returns the paths it created.
 */
export async function ensureSkeleton(fs: FileSystem): Promise<string[]> {
  const created: string[] = [];
  const ensure = async (path: string, content: string) => {
    if (await fs.stat(path)) return;
    await fs.writeAtomic(path, content);
    created.push(path);
  };
  const hasConfig = (await fs.stat(`${OPENSPEC}/config.yaml`)) ||
    (await fs.stat(`${OPENSPEC}/config.yml`));
  if (!hasConfig) await ensure(`${OPENSPEC}/config.yaml`, initConfigYaml());
  await ensure(`${SPECS}/.gitkeep`, "");
  await ensure(`${ARCHIVE}/.gitkeep`, "");
  return created;
}
