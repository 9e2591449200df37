export interface PingInput {
  message: string;
}

export interface PingResult {
  echoed: string;
  /** Which worker answered (its identity), to show the round trip went through a real worker. */
  answeredBy: string;
}
