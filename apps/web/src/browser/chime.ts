/**
 * A short two-note chime made with WebAudio: no audio file, nothing fetched.
 * Browsers start audio only after a user gesture, so call {@link Chime.unlock} from a click
 * (the sound toggle does) before the first {@link Chime.play}.
 *
 * @example
 * ```ts
 * const chime = new Chime()
 * toggle.onclick = () => chime.unlock()
 * chime.play()
 * ```
 */
export class Chime {
  #context: AudioContext | undefined

  /** Creates or resumes the audio context; must run inside a user gesture the first time. */
  unlock(): void {
    if (this.#context === undefined) {
      const AudioContextClass = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
      if (AudioContextClass === undefined) return
      this.#context = new AudioContextClass()
    }
    if (this.#context.state === 'suspended') void this.#context.resume()
  }

  /** Plays the chime, quietly; does nothing when audio was never unlocked. */
  play(): void {
    const context = this.#context
    if (context === undefined || context.state !== 'running') return
    const start = context.currentTime
    for (const [index, frequency] of [880, 1318.5].entries()) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      const noteStart = start + index * 0.12
      oscillator.type = 'sine'
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, noteStart)
      gain.gain.exponentialRampToValueAtTime(0.12, noteStart + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, noteStart + 0.35)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(noteStart)
      oscillator.stop(noteStart + 0.4)
    }
  }
}
