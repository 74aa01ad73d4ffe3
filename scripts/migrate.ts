/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (npm start does this too). */
import { migrateDeploy } from "./lib/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
migrateDeploy(url).catch((err) => {
  console.error(err.message);
  process.exit(1);
});
