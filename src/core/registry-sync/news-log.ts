/** Where the registry's news and the nightly sync say what they changed (the worker's logger). */
export interface ChangeLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
}
