// The upload screen (the videos resource's "create"): drop or pick several files; each gets a
// byte progress bar, a cancel button and, if the API refuses it, the API's own reason. Two
// uploads run at a time; the rest wait their turn.
import CancelIcon from '@mui/icons-material/Cancel';
import UploadIcon from '@mui/icons-material/CloudUpload';
import ReplayIcon from '@mui/icons-material/Replay';
import {
  Alert,
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  IconButton,
  LinearProgress,
  Tooltip,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useReducer, useRef, useState, type DragEvent } from 'react';
import {
  Link,
  ListButton,
  Loading,
  Title,
  TopToolbar,
  useCreatePath,
  useLogoutIfAccessDenied,
  useRefresh,
  useRequireAccess,
} from 'react-admin';
import { formatBytes } from '../../common/format';
import { errorMessage } from '../../common/useReelguard';
import { UploadCancelledError, startUpload, type UploadHandle } from '../../dataProvider/uploadRequest';
import { uploadOptions } from '../../providers';
import { nextToStart, percent, uploadReducer, type UploadItem } from './uploadQueue';

let nextKey = 0;

function StateLine({ item }: { item: UploadItem }) {
  const createPath = useCreatePath();
  switch (item.state) {
    case 'queued':
      return <Typography variant="caption">Waiting…</Typography>;
    case 'uploading':
      return (
        <Typography variant="caption">
          {formatBytes(item.loaded)} of {formatBytes(item.total)} ({percent(item)}%)
        </Typography>
      );
    case 'accepted':
      return (
        <Typography variant="caption" color="success.main">
          Uploaded; transcoding has started.{' '}
          {item.videoId ? (
            <Link
              to={createPath({ resource: 'videos', type: 'show', id: item.videoId })}
              data-testid="upload-open-video"
            >
              Open the video
            </Link>
          ) : null}
        </Typography>
      );
    case 'failed':
      return (
        <Alert severity="error" sx={{ py: 0, mt: 0.5 }} data-testid="upload-error">
          {item.message}
        </Alert>
      );
    case 'cancelled':
      return (
        <Typography variant="caption" color="text.secondary">
          Cancelled.
        </Typography>
      );
  }
}

function UploadRow({ item, onCancel, onRetry }: { item: UploadItem; onCancel: () => void; onRetry: () => void }) {
  const active = item.state === 'queued' || item.state === 'uploading';
  return (
    <Box
      component="li"
      sx={{ listStyle: 'none', py: 1.5, borderBottom: 1, borderColor: 'divider' }}
      data-testid="upload-item"
      data-state={item.state}
      data-file-name={item.fileName}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Typography variant="body2" noWrap title={item.fileName}>
            {item.fileName}{' '}
            <Typography component="span" variant="caption" color="text.secondary">
              ({formatBytes(item.size)})
            </Typography>
          </Typography>
          <LinearProgress
            variant={item.state === 'queued' ? 'indeterminate' : 'determinate'}
            value={percent(item)}
            color={item.state === 'failed' ? 'error' : item.state === 'accepted' ? 'success' : 'primary'}
            sx={{ my: 0.5, height: 6, borderRadius: 3, visibility: item.state === 'cancelled' ? 'hidden' : 'visible' }}
            aria-label={`Upload of ${item.fileName}`}
            data-testid="upload-progress"
          />
          <StateLine item={item} />
        </Box>
        {active ? (
          <Tooltip title="Cancel this upload">
            <IconButton onClick={onCancel} aria-label={`Cancel upload of ${item.fileName}`} data-testid="upload-cancel">
              <CancelIcon />
            </IconButton>
          </Tooltip>
        ) : null}
        {item.state === 'failed' || item.state === 'cancelled' ? (
          <Tooltip title="Try again">
            <IconButton onClick={onRetry} aria-label={`Retry upload of ${item.fileName}`} data-testid="upload-retry">
              <ReplayIcon />
            </IconButton>
          </Tooltip>
        ) : null}
      </Box>
    </Box>
  );
}

export default function VideoUpload() {
  const [items, dispatch] = useReducer(uploadReducer, []);
  const files = useRef(new Map<string, File>());
  const handles = useRef(new Map<string, UploadHandle>());
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const refresh = useRefresh();
  const { isPending: checkingAccess } = useRequireAccess({ resource: 'videos', action: 'create' });

  const addFiles = useCallback((chosen: FileList | null) => {
    if (!chosen || chosen.length === 0) return;
    const added = Array.from(chosen).map((file) => {
      nextKey += 1;
      const key = `upload-${nextKey}`;
      files.current.set(key, file);
      return { key, name: file.name, size: file.size };
    });
    dispatch({ type: 'add', files: added });
  }, []);

  // Start queued uploads as slots free up.
  useEffect(() => {
    for (const item of nextToStart(items)) {
      const file = files.current.get(item.key);
      if (!file) continue;
      dispatch({ type: 'start', key: item.key });
      const handle = startUpload(uploadOptions, file, file.name, { title: item.title }, (loaded, total) =>
        dispatch({ type: 'progress', key: item.key, loaded, total }),
      );
      handles.current.set(item.key, handle);
      handle.done
        .then(({ id }) => {
          dispatch({ type: 'accepted', key: item.key, videoId: id });
          refresh();
        })
        .catch((error: unknown) => {
          if (error instanceof UploadCancelledError) dispatch({ type: 'cancelled', key: item.key });
          else {
            dispatch({ type: 'failed', key: item.key, message: errorMessage(error, 'The upload failed.') });
            void logoutIfAccessDenied(error);
          }
        })
        .finally(() => handles.current.delete(item.key));
    }
  }, [items, logoutIfAccessDenied, refresh]);

  // Leaving the page cancels uploads still running.
  useEffect(() => {
    const running = handles.current;
    return () => {
      for (const handle of running.values()) handle.abort();
    };
  }, []);

  const cancel = (key: string) => {
    const handle = handles.current.get(key);
    if (handle) handle.abort();
    else dispatch({ type: 'cancelled', key });
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const finished = items.some((item) => item.state !== 'queued' && item.state !== 'uploading');
  if (checkingAccess) return <Loading />;

  return (
    <Box>
      <Title title="Upload videos" />
      <TopToolbar>
        <ListButton label="Back to videos" />
      </TopToolbar>
      <Card>
        <CardContent>
          <Box
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="upload-dropzone"
            sx={{
              border: 2,
              borderStyle: 'dashed',
              borderColor: dragging ? 'primary.main' : 'divider',
              bgcolor: dragging ? 'action.hover' : 'transparent',
              borderRadius: 2,
              p: 4,
              textAlign: 'center',
            }}
          >
            <UploadIcon color="primary" sx={{ fontSize: 48 }} aria-hidden />
            <Typography variant="h6" component="p">
              Drop video files here
            </Typography>
            <Typography variant="body2" color="text.secondary" gutterBottom>
              or choose them; several at once is fine. Each file becomes one video.
            </Typography>
            <MuiButton variant="contained" onClick={() => inputRef.current?.click()} data-testid="upload-choose">
              Choose files
            </MuiButton>
            <input
              ref={inputRef}
              type="file"
              accept="video/*"
              multiple
              hidden
              aria-label="Video files"
              data-testid="upload-input"
              onChange={(event) => {
                addFiles(event.target.files);
                event.target.value = '';
              }}
            />
          </Box>
          {items.length > 0 ? (
            <Box sx={{ mt: 2 }}>
              <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                <Typography variant="subtitle1" component="h2">
                  Uploads
                </Typography>
                {finished ? (
                  <MuiButton
                    size="small"
                    onClick={() => dispatch({ type: 'clearFinished' })}
                    data-testid="upload-clear"
                  >
                    Clear finished
                  </MuiButton>
                ) : null}
              </Box>
              <Box component="ul" sx={{ m: 0, p: 0 }} aria-label="Uploads" data-testid="upload-list">
                {items.map((item) => (
                  <UploadRow
                    key={item.key}
                    item={item}
                    onCancel={() => cancel(item.key)}
                    onRetry={() => dispatch({ type: 'retry', key: item.key })}
                  />
                ))}
              </Box>
            </Box>
          ) : null}
        </CardContent>
      </Card>
    </Box>
  );
}
