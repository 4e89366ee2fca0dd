// The videos list: poster, title, status chip with live progress, duration, renditions,
// published flag and date; search, filters, sorting and bulk actions. While any row is
// uploaded or processing the list re-reads itself every 2 s, so progress moves on its own.
import UploadIcon from '@mui/icons-material/CloudUpload';
import { Box, Typography } from '@mui/material';
import {
  BooleanField,
  CreateButton,
  DataTable,
  DateField,
  FilterButton,
  List,
  NullableBooleanInput,
  SearchInput,
  SelectInput,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { EmptyState } from '../common/EmptyState';
import { formatDuration } from '../common/format';
import { VIDEO_STATUSES, type Video } from '../dataProvider/apiTypes';
import { PosterField } from './fields/PosterThumbnail';
import { ProgressField } from './fields/ProgressField';
import { StatusField } from './fields/StatusChip';
import { VideoBulkActions } from './VideoBulkActions';
import { listRefetchInterval } from './videoState';

const statusChoices = VIDEO_STATUSES.map((status) => ({ id: status, name: status }));

const videoFilters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    placeholder="Search titles"
    slotProps={{ htmlInput: { 'aria-label': 'Search titles', 'data-testid': 'video-search' } }}
  />,
  <SelectInput key="status" source="status" label="Status" choices={statusChoices} emptyText="Any status" alwaysOn />,
  <NullableBooleanInput
    key="published"
    source="published"
    label="Published"
    nullLabel="Any"
    trueLabel="Published"
    falseLabel="Not published"
    alwaysOn
  />,
];

function VideoListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <CreateButton label="Upload" icon={<UploadIcon />} data-testid="upload-videos" />
    </TopToolbar>
  );
}

function TitleCell() {
  const video = useRecordContext<Video>();
  if (!video) return null;
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }} data-testid="video-title">
        {video.title || 'Untitled'}
      </Typography>
      {video.status === 'failed' && video.error ? (
        <Typography variant="caption" color="error" data-testid="video-error">
          {video.error}
        </Typography>
      ) : null}
      <ProgressField />
    </Box>
  );
}

function NoVideos() {
  return (
    <EmptyState title="No videos yet" testId="videos-empty">
      <Typography variant="body2" gutterBottom>
        Upload a video and it will be transcoded here.
      </Typography>
      <CreateButton label="Upload videos" icon={<UploadIcon />} variant="contained" />
    </EmptyState>
  );
}

export default function VideoList() {
  return (
    <List
      title="Videos"
      filters={videoFilters}
      actions={<VideoListActions />}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      empty={<NoVideos />}
      queryOptions={{
        refetchInterval: (query) => listRefetchInterval(query.state.data?.data as Video[] | undefined),
      }}
    >
      <DataTable rowClick="show" bulkActionButtons={<VideoBulkActions />} data-testid="videos-table">
        <DataTable.Col label="Poster" disableSort>
          <PosterField />
        </DataTable.Col>
        <DataTable.Col source="title" label="Title">
          <TitleCell />
        </DataTable.Col>
        <DataTable.Col source="status" label="Status">
          <StatusField />
        </DataTable.Col>
        <DataTable.Col
          source="durationSec"
          label="Duration"
          render={(video: Video) => formatDuration(video.durationSec)}
        />
        <DataTable.Col label="Renditions" disableSort render={(video: Video) => video.renditions.length} />
        <DataTable.Col source="published" label="Published" disableSort>
          <BooleanField source="published" />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="Created">
          <DateField source="createdAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
