// Creates the video.js player the viewer uses: VHS forced on (Chromium claims native HLS,
// which would bypass every request hook), adaptive bitrate, no download or picture-in-picture
// affordances, no context menu, and our own error messages instead of video.js's dialog.
import videojs from 'video.js';
import type Player from 'video.js/dist/types/player';
import 'video.js/dist/video-js.css';

export function createPlayer(host: HTMLElement, title: string): Player {
  const video = document.createElement('video');
  video.className = 'video-js vjs-big-play-centered';
  video.setAttribute('controlsList', 'nodownload noremoteplayback noplaybackrate');
  video.setAttribute('disablepictureinpicture', '');
  video.setAttribute('disableremoteplayback', '');
  video.setAttribute('playsinline', '');
  video.setAttribute('preload', 'auto');
  host.appendChild(video);

  const player = videojs(video, {
    controls: true,
    fluid: true,
    aspectRatio: '16:9',
    preload: 'auto',
    playbackRates: [0.5, 0.75, 1, 1.25, 1.5, 2],
    disablePictureInPicture: true,
    errorDisplay: false,
    enableSmoothSeeking: true,
    // Shortcuts are handled page-wide by the viewer (see useKeyboardShortcuts).
    userActions: { hotkeys: false, doubleClick: true },
    controlBar: { pictureInPictureToggle: false },
    html5: {
      vhs: { overrideNative: true, useDevicePixelRatio: true },
      nativeAudioTracks: false,
      nativeVideoTracks: false,
    },
  });

  player.el().setAttribute('aria-label', `Video player: ${title}`);
  player.el().addEventListener('contextmenu', (event) => event.preventDefault());
  return player;
}
