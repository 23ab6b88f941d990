package io.icelab.turn;

/** An error a TURN server answers a request with (RFC 8656 §19 codes with their reason phrases). */
record Refusal(int code, String reason) {
}
