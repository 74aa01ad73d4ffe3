/** `npm run build` runs this first: a malformed content file fails the build, naming the file. */
import { loadCatalog } from "@/lib/content/catalog";
import { ContentError } from "@/lib/content/front-matter";

try {
  const catalog = loadCatalog();
  console.log(`content: ${catalog.items.size} items, ${catalog.tracks.length} track(s) valid`);
} catch (err) {
  if (err instanceof ContentError) {
    console.error(`content error in ${err.message}`);
    process.exit(1);
  }
  throw err;
}
