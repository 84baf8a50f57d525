import pandas as pd
from sagemaker.feature_store.feature_group import FeatureGroup
from sagemaker.session import Session

customers = pd.read_csv("customers.csv")
feature_group = FeatureGroup(name="customers", sagemaker_session=Session())
feature_group.ingest(data_frame=customers, max_workers=3, wait=True)
