/**
 * The real softphone: the Twilio Voice SDK, loaded only when a real-Twilio
 * desk connects its audio (its own chunk, outside the page's initial bundle).
 * The browser calls the TwiML App, whose webhook puts it in the agent's room —
 * or, with `params: { monitor: agentId }`, a supervisor's leg in that agent's
 * room (wallboard call monitoring).
 */
export interface PhoneLeg {
  mute(on: boolean): void;
  sendDigits(digits: string): void;
  disconnect(): void;
}

export class MicrophoneRefusedError extends Error {}

export async function connectTwilioLeg(token: string, onEnded: () => void, params?: Record<string, string>): Promise<PhoneLeg> {
  const { Device } = await import('@twilio/voice-sdk');
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.getTracks().forEach((track) => track.stop());
  } catch (error) {
    if ((error as DOMException).name === 'NotAllowedError' || (error as DOMException).name === 'SecurityError') throw new MicrophoneRefusedError();
    throw error;
  }
  const device = new Device(token, { closeProtection: true });
  const call = await device.connect(params ? { params } : undefined);
  call.on('disconnect', () => {
    device.destroy();
    onEnded();
  });
  call.on('error', () => onEnded());
  return {
    mute: (on) => call.mute(on),
    sendDigits: (digits) => call.sendDigits(digits),
    disconnect: () => {
      call.disconnect();
      device.destroy();
    },
  };
}
