export * from "./accounts";
export * from "./audit";
export * from "./authorizations";
export * from "./marketplace";
export * from "./notifications";
export * from "./statistics";
export * from "./credit";
export * from "./scoring";
