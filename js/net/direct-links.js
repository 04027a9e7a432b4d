// Direct connections to other peers over WebRTC data channels. Offers,
// answers and ICE candidates travel through a relay (`signal(to, data)`);
// once a channel opens it is handed to `opened(channel)` and carries the
// same frames a relay connection does.
//
// Who calls whom: a newcomer calls the peers the relay names after its
// "hi". Should both ends call each other at once, the offer from the
// greater id wins and the other end answers it instead of its own.
const CHANNEL_LABEL = 'mutual-store';

export class DirectLinks {
  #RTCPeerConnection;
  #iceServers;
  #ownId;
  #signal;
  #opened;
  #calls = new Map(); // rtc id → {connection, candidates queued before the remote description, offered}

  constructor({ RTCPeerConnection, iceServers = [], ownId, signal, opened }) {
    this.#RTCPeerConnection = RTCPeerConnection;
    this.#iceServers = iceServers;
    this.#ownId = ownId;
    this.#signal = signal;
    this.#opened = opened;
  }

  get ownId() {
    return this.#ownId;
  }

  /** Calls `id` unless a connection to it exists already. */
  async call(id) {
    if (id === this.#ownId || this.#calls.has(id)) return;
    const call = this.#start(id, true);
    const channel = call.connection.createDataChannel(CHANNEL_LABEL);
    this.#watch(id, call, channel);
    const offer = await call.connection.createOffer();
    await call.connection.setLocalDescription(offer);
    this.#signal(id, { sdp: { type: offer.type, sdp: offer.sdp } });
  }

  /** A signal from `from`, passed on by a relay. Malformed ones are ignored. */
  async receive({ from, data }) {
    try {
      if (data.sdp?.type === 'offer') await this.#answer(from, data.sdp);
      else if (data.sdp?.type === 'answer') await this.#calls.get(from)?.connection.setRemoteDescription(data.sdp);
      else if (typeof data.candidate === 'string') await this.#addCandidate(from, data);
    } catch {
      // A bad or late signal fails this call only; the relay still carries everything.
      this.#hangUp(from);
    }
  }

  close() {
    for (const id of [...this.#calls.keys()]) this.#hangUp(id);
  }

  async #answer(from, sdp) {
    const existing = this.#calls.get(from);
    if (existing) {
      if (existing.offered && this.#ownId > from) return; // our own offer wins
      this.#hangUp(from);
    }
    const call = this.#start(from, false);
    call.connection.ondatachannel = (event) => this.#watch(from, call, event.channel);
    await call.connection.setRemoteDescription(sdp);
    for (const candidate of call.queued.splice(0)) await call.connection.addIceCandidate(candidate);
    const answer = await call.connection.createAnswer();
    await call.connection.setLocalDescription(answer);
    this.#signal(from, { sdp: { type: answer.type, sdp: answer.sdp } });
  }

  async #addCandidate(from, { candidate, sdpMid }) {
    const call = this.#calls.get(from);
    if (!call) return;
    const init = { candidate, sdpMid: typeof sdpMid === 'string' ? sdpMid : '0' };
    if (call.connection.remoteDescription) await call.connection.addIceCandidate(init);
    else call.queued.push(init);
  }

  #start(id, offered) {
    const connection = new this.#RTCPeerConnection({ iceServers: this.#iceServers });
    const call = { connection, queued: [], offered };
    this.#calls.set(id, call);
    connection.onicecandidate = (event) => {
      if (event.candidate?.candidate) this.#signal(id, { candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid });
    };
    connection.onconnectionstatechange = () => {
      if (['failed', 'closed'].includes(connection.connectionState)) this.#hangUp(id, call);
    };
    return call;
  }

  #watch(id, call, channel) {
    channel.onopen = () => {
      if (this.#calls.get(id) === call) call.link = this.#opened(channel, () => this.#hangUp(id, call));
    };
  }

  #hangUp(id, call = this.#calls.get(id)) {
    if (!call || this.#calls.get(id) !== call) return;
    this.#calls.delete(id);
    call.link?.close();
    try {
      call.connection.close();
    } catch {
      // already closed
    }
  }
}
