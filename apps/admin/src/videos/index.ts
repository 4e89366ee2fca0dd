// The videos resource: list, show, edit, and upload as its "create". Screens load on demand.
import VideoLibraryIcon from '@mui/icons-material/VideoLibrary';
import { lazy } from 'react';
import type { Video } from '../dataProvider/apiTypes';

export default {
  list: lazy(() => import('./VideoList')),
  show: lazy(() => import('./VideoShow')),
  edit: lazy(() => import('./VideoEdit')),
  create: lazy(() => import('./upload/VideoUpload')),
  icon: VideoLibraryIcon,
  recordRepresentation: (video: Video): string => video.title || video.id,
};
