// The playback-sessions resource: the live list with revoke.
import LiveTvIcon from '@mui/icons-material/LiveTv';
import { lazy } from 'react';
import type { PlaybackSession } from '../dataProvider/apiTypes';

export default {
  list: lazy(() => import('./SessionList')),
  icon: LiveTvIcon,
  recordRepresentation: (session: PlaybackSession): string => `Session ${session.id}`,
};
