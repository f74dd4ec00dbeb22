/** Body of the maintenance worker thread (started by npm start through worker.mjs): its own connection, a sweep now and every ten minutes. */
import { workerData } from "node:worker_threads";
import { openDatabase } from "~db/connection";
import { MAINTENANCE_INTERVAL_MS, runMaintenance } from "./maintenance.server";

const { databasePath } = workerData as { databasePath: string };
const db = openDatabase(databasePath);
const sweep = () => {
  try {
    runMaintenance(db, Date.now(), (line) => console.log(line));
  } catch (error) {
    // The next sweep tries again; a re-score cut off here left only whole, correct chunks behind.
    console.error("例行处理失败", error);
  }
};
sweep();
setInterval(sweep, MAINTENANCE_INTERVAL_MS);
